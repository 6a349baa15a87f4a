export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  name: string;
  /** JSON text. */
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  /** Its place in its queue's order: run_at, or for an account's job its turn among the account's (JobQueue). */
  fair_at: number;
  /** Whose work it is, for taking turns between accounts; null for work of the whole installation. */
  account_id: string | null;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface JobSchedulesTable {
  name: string;
  cron: string;
  next_run_at: number;
  updated_at: number;
}
