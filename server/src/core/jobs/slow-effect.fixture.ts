import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { JobRunner } from './job-runner.js';

export const SLOW_EFFECT_JOB = 'test.slow-effect';

/**
 * A job whose effect is one row in test_effects, written in the same transaction that completes
 * the job. Its first attempt stalls long enough to be killed mid-job.
 */
export function defineSlowEffectJob(runner: JobRunner, onStart: (attempt: number) => void = () => undefined): void {
  runner.define<{ label: string }>({
    name: SLOW_EFFECT_JOB,
    async run(payload, context) {
      onStart(context.attempt);
      if (context.attempt === 1) await sleep(60_000, undefined, { signal: context.signal });
      await context.completeWith(async (db) => {
        await sql`insert into test_effects (job_id, label) values (${context.jobId}, ${payload.label})`.execute(db);
      });
    },
  });
}
