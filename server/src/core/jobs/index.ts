export * from './job-queue.js';
export * from './job-queues.js';
export * from './job-runner.js';
export * from './jobs.repo.js';
