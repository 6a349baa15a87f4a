import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withoutNimbusVariables } from '../../server/src/test/index.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI started as a person starts it, from its sources, seeing only the NIMBUS_* variables given. */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    env: { ...withoutNimbusVariables(process.env), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * A CLI command run to its end; `answers` are typed as their prompts appear, and `started` sees the
 * child process (to interrupt it).
 */
export function nimbus(
  args: string[],
  env: Record<string, string>,
  answers: [string, () => Promise<string>][] = [],
  started?: (child: ChildProcessWithoutNullStreams) => void,
): Promise<Run> {
  const child = spawnCli(args, env);
  started?.(child);
  let stdout = '';
  let stderr = '';
  let answered = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const next = answers[answered];
    if (next !== undefined && stdout.includes(next[0])) {
      answered++;
      void next[1]().then((answer) => child.stdin.write(`${answer}\n`));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
