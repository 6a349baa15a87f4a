import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/**
 * Loads `url` with autocannon in a process of its own, so the load generator does not share an
 * event loop with the server it measures; `headers` go with every request (credentials).
 */
export function load(
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const args = [
    AUTOCANNON,
    '-j',
    '-c',
    String(options.connections ?? 50),
    '-d',
    String(options.seconds ?? 10),
    ...headers,
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`autocannon exited with ${String(code)}`));
        return;
      }
      const result = JSON.parse(output) as {
        requests: { average: number };
        latency: { p50: number; p99: number };
        errors: number;
        non2xx: number;
      };
      resolve({
        requestsPerSecond: result.requests.average,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
      });
    });
  });
}

export interface LoadTarget {
  url: string;
  headers?: Record<string, string>;
}

/** The mean of a target's rounds. */
export interface LoadSummary {
  requestsPerSecond: number;
  /** "p50 / p99" in ms. */
  latency: string;
}

/**
 * Warms every target up (2 s), then loads them in turn for `rounds` rounds of `seconds` each, so
 * drift on a noisy machine hits all alike; fails if any request failed.
 */
export async function alternate<Name extends string>(
  targets: Record<Name, LoadTarget>,
  rounds: number,
  seconds: number,
): Promise<Record<Name, LoadSummary>> {
  const names = Object.keys(targets) as Name[];
  const runs = new Map<Name, LoadResult[]>(names.map((name) => [name, []]));
  for (const name of names) await load(targets[name].url, { seconds: 2, headers: targets[name].headers });
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      runs.get(name)?.push(await load(targets[name].url, { seconds, headers: targets[name].headers }));
    }
  }
  const all = [...runs.values()].flat();
  const failures = all.reduce((sum, result) => sum + result.errors + result.non2xx, 0);
  if (failures > 0) throw new Error(`${failures} requests failed during the benchmark`);
  const summaries = {} as Record<Name, LoadSummary>;
  for (const [name, results] of runs) {
    const mean = (pick: (result: LoadResult) => number) =>
      results.reduce((sum, result) => sum + pick(result), 0) / results.length;
    summaries[name] = {
      requestsPerSecond: mean((result) => result.requestsPerSecond),
      latency: `${mean((result) => result.latencyP50Ms)} / ${mean((result) => result.latencyP99Ms)}`,
    };
  }
  return summaries;
}
