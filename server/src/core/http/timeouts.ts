import { MINUTE, SECOND } from '../time.js';

/** How long the HTTP server waits for a client, each against a different slow client. */
export interface HttpTimeouts {
  /** For a request's headers to be complete: a slow-loris client never finishes them. */
  headersMs: number;
  /**
   * For a whole request, body included. Sized for the largest body a client sends: a 32 MB tus
   * chunk from the portal over a slow uplink (~0.5 Mbit/s). Answers (downloads, long polls) are
   * not counted: this bounds receiving only.
   */
  requestMs: number;
  /**
   * A socket with no traffic either way is closed. Longer than the longest long poll (60 s wait)
   * with room for a slow proxy; WebSocket streams are exempt (the ws library clears the timer on
   * upgrade and keeps them alive with its own pings).
   */
  idleMs: number;
  /** An idle keep-alive connection between requests; above the usual proxies' 60 s. */
  keepAliveMs: number;
  /** How often the server looks for requests past headersMs or requestMs (Node checks on a timer). */
  checkIntervalMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 20 * SECOND,
  requestMs: 10 * MINUTE,
  idleMs: 2 * MINUTE,
  keepAliveMs: 72 * SECOND,
  checkIntervalMs: 5 * SECOND,
};
