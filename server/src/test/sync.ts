import type { FastifyInstance } from 'fastify';
import { pruneTombstones } from '../modules/sync/index.js';

/** Runs the tombstone pruning job's work at once, as of `now`; answers how many tombstones went. */
export function pruneTombstonesNow(app: FastifyInstance, now: number): Promise<number> {
  return pruneTombstones(app.nimbus.database.db, now);
}
