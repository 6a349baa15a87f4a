import type { FastifyInstance } from 'fastify';
import { pruneTombstones, SyncRepo } from '../modules/sync/index.js';

/** Runs the tombstone pruning job's work at once, as of `now`; answers how many tombstones went. */
export function pruneTombstonesNow(app: FastifyInstance, now: number): Promise<number> {
  return pruneTombstones(new SyncRepo(app.nimbus.database.db), now);
}
