import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../time.js';
import { writeToOutbox, type OutboxWriterDeps } from './outbox-writer.js';

/** A rendered SMS, ready to hand over. `id` stays the same across retries. */
export interface OutgoingSms {
  id: string;
  to: string;
  /** The template it was rendered from, for logs (never sent to the webhook); absent in older jobs. */
  template?: string;
  text: string;
}

/** Hands an SMS to whatever delivers it. Throws when it could not, so the delivery job retries. */
export interface SmsProvider {
  deliver(sms: OutgoingSms): Promise<void>;
}

export const SMS_WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Posts each SMS as signed JSON to an operator's webhook, which relays it to a real SMS gateway.
 * The signature covers a timestamp, so a captured request cannot be replayed later; the
 * idempotency key is the message id, so a receiver can drop the copy a retry may send.
 */
export class WebhookSmsProvider implements SmsProvider {
  private readonly url: string;
  private readonly authorization: Record<string, string>;

  constructor(
    private readonly webhook: { url: string; secret: string },
    private readonly clock: Clock,
  ) {
    // fetch refuses URLs with credentials in them; send them as basic auth instead.
    const url = new URL(webhook.url);
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    this.authorization =
      url.username === '' && url.password === ''
        ? {}
        : { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
    url.username = '';
    url.password = '';
    this.url = url.toString();
  }

  async deliver(sms: OutgoingSms): Promise<void> {
    const body = JSON.stringify({ id: sms.id, to: sms.to, text: sms.text });
    const timestamp = String(Math.floor(this.clock.now() / 1000));
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-nimbus-timestamp': timestamp,
          'x-nimbus-signature': `v1=${signSmsWebhook(this.webhook.secret, timestamp, body)}`,
          'idempotency-key': sms.id,
          ...this.authorization,
        },
        body,
        // A redirect would carry the signed SMS to a URL the operator never configured; a 3xx is a failed
        // delivery, retried like any other.
        redirect: 'error',
        signal: AbortSignal.timeout(SMS_WEBHOOK_TIMEOUT_MS),
      });
    } catch (error) {
      // fetch hides the reason (refused, reset, timed out) in its cause.
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      throw new Error(`SMS webhook request failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
        cause: error,
      });
    }
    // Read the answer either way, so the connection is free for the next SMS.
    const answer = (await response.text().catch(() => '')).slice(0, 200);
    if (!response.ok) throw new Error(`SMS webhook answered ${response.status}${answer === '' ? '' : `: ${answer}`}`);
  }
}

/** The signature's hex digest: HMAC-SHA256 with the shared secret over `timestamp.body`. */
export function signSmsWebhook(secret: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * For receivers: true when `header` (x-nimbus-signature) signs this timestamp and raw body with
 * the secret, and the timestamp is within `toleranceSeconds` of now. Accepts several
 * comma-separated `v1=` signatures, for receivers rotating their secret.
 */
export function verifySmsWebhookSignature(
  secret: string,
  timestamp: string,
  body: string | Uint8Array,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signSmsWebhook(secret, timestamp, body), 'hex');
  return header.split(',').some((part) => {
    const match = /^\s*v1=([0-9a-f]{64})\s*$/i.exec(part);
    if (match?.[1] === undefined) return false;
    return timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
  });
}

/** SMS without a webhook: stored in the outbox and logged like mail without SMTP, whole only in local mode. */
export class OutboxSmsProvider implements SmsProvider {
  constructor(private readonly deps: OutboxWriterDeps) {}

  deliver(sms: OutgoingSms): Promise<void> {
    return writeToOutbox(
      this.deps,
      { id: sms.id, channel: 'sms', recipient: sms.to, subject: null, text: sms.text, html: null },
      { template: sms.template },
    );
  }
}
