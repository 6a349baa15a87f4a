/**
 * The runner's queues, each with slots of its own, so that one kind of work never waits behind
 * another: mail and SMS carry codes that expire in minutes, thumbnails can pile up by the
 * thousand, and housekeeping can always wait.
 */
export const QUEUE_NAMES = ['messages', 'media', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Jobs running at once per queue in one server process (NIMBUS_JOB_SLOTS_*). */
export type QueueSlots = Readonly<Record<QueueName, number>>;

/**
 * Decoding is heavy (two at once keep a small machine responsive), delivery is mostly waiting on a
 * remote server, housekeeping runs one thing at a time.
 */
export const DEFAULT_QUEUE_SLOTS: QueueSlots = Object.freeze({ messages: 4, media: 2, maintenance: 1 });

/** Where a job kind that does not say runs: housekeeping, never ahead of anyone's codes. */
export const DEFAULT_QUEUE: QueueName = 'maintenance';
