// Runs every *.bench.ts in this folder, prints each ratio, and writes bench/RESULTS.md.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchResult } from './bench.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = (await fs.readdir(here))
  .filter((file) => file.endsWith('.bench.ts') && (only === undefined || file.includes(only)))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  process.stdout.write(`bench: ${file} …\n`);
  const bench = ((await import(path.join(here, file))) as { default: Bench }).default;
  const result = await bench();
  results.push(result);
  for (const [label, value] of result.rows) process.stdout.write(`  ${label}: ${value}\n`);
  process.stdout.write(`  ratio, ${result.ratio.label}: ${result.ratio.value.toFixed(3)}\n`);
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${os.platform()} ${os.release()}`;
const sections = results.map(
  (result) =>
    `## ${result.name}\n\n${result.question}\n\n| measure | value |\n| --- | --- |\n${result.rows
      .map(([label, value]) => `| ${label} | ${value} |`)
      .join('\n')}\n| **ratio: ${result.ratio.label}** | **${result.ratio.value.toFixed(3)}** |\n`,
);
const markdown = `# Benchmark results\n\nLatest run of \`npm run bench\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, on ${machine}.\nAbsolute numbers move with the machine's load; the ratios, measured against a baseline in the same run, are the figures to compare.\n\n${sections.join('\n')}`;
// What the profiles showed is written by hand below the tables: kept from the last RESULTS.md.
const NOTES = '\n## Where the time went';
const previous = await fs.readFile(path.join(here, 'RESULTS.md'), 'utf8').catch(() => '');
const notes = previous.includes(NOTES) ? previous.slice(previous.indexOf(NOTES)) : '';
if (only === undefined) await fs.writeFile(path.join(here, 'RESULTS.md'), markdown + notes);
else process.stdout.write('(a single benchmark was run; RESULTS.md left as it was)\n');
