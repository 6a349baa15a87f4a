import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceivedMessages } from './messages.js';

export interface ReceivedSms {
  id: string;
  to: string;
  text: string;
}

/** How far a webhook's timestamp may be from now, as the README advises receivers. */
const TOLERANCE_SECONDS = 300;

function header(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return typeof value === 'string' ? value : '';
}

/**
 * An operator's SMS gateway as Nimbus posts to it (NIMBUS_SMS_WEBHOOK_URL): a real HTTP server on
 * 127.0.0.1 that checks each post's HMAC signature the documented way (not with the server's own
 * code), keeps the SMS it accepts, and answers 401 to anything unsigned, badly signed or stale.
 */
export class TestSmsReceiver extends ReceivedMessages<ReceivedSms> {
  /** Why posts were refused; a test expects none. */
  readonly refused: string[] = [];
  /** NIMBUS_SMS_WEBHOOK_SECRET: fresh for each receiver. */
  readonly secret = randomBytes(24).toString('hex');
  private server: Server | undefined;

  /** Starts listening; resolves to the URL for NIMBUS_SMS_WEBHOOK_URL. */
  async start(): Promise<string> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const problem = this.accept(request, Buffer.concat(chunks));
        if (problem !== null) this.refused.push(problem);
        response.statusCode = problem === null ? 200 : 401;
        response.end(problem ?? 'ok');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  }

  /** Keeps the SMS of a well-signed post; returns why a post is refused, or null. */
  private accept(request: IncomingMessage, body: Buffer): string | null {
    if (request.method !== 'POST') return `method ${request.method ?? ''}`;
    const timestamp = header(request, 'x-nimbus-timestamp');
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
      return `stale or missing timestamp ${JSON.stringify(timestamp)}`;
    }
    const expected = createHmac('sha256', this.secret).update(`${timestamp}.`).update(body).digest();
    const signed = header(request, 'x-nimbus-signature')
      .split(',')
      .map((part) => /^\s*v1=([0-9a-f]{64})\s*$/i.exec(part)?.[1])
      .some((hex) => hex !== undefined && timingSafeEqual(Buffer.from(hex, 'hex'), expected));
    if (!signed) return 'bad signature';
    const sms = JSON.parse(body.toString('utf8')) as ReceivedSms;
    if (header(request, 'idempotency-key') !== sms.id) return 'idempotency key is not the message id';
    // A retry posts the same message again: a gateway sends it once.
    if (!this.received.some((earlier) => earlier.id === sms.id)) this.received.push(sms);
    return null;
  }

  protected isTo(sms: ReceivedSms, phone: string): boolean {
    return sms.to === phone;
  }

  protected describe(): string {
    const texts = this.received.map((sms) => `to ${sms.to}: ${sms.text}`).join('\n');
    return `${texts}\nrefused: ${this.refused.join(', ')}`;
  }

  /** Every SMS to `phone` so far. */
  to(phone: string): ReceivedSms[] {
    return this.received.filter((sms) => sms.to === phone);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
