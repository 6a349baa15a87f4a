/**
 * Publish/subscribe between the parts of Nimbus, across processes when Redis is configured: a
 * change on one node wakes a device connected to another. Delivery is best effort; anything that
 * must not be lost is stored first (jobs, device commands) and the bus only says "look now".
 */
export interface Bus {
  publish(channel: string, message: unknown): Promise<void>;
  /** Resolves once the subscription is active; the returned function ends it. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>>;
  /** For /readyz; resolves when the bus can carry messages. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
