import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ReceivedMessages } from './messages.js';

export interface ReceivedMail {
  /** The envelope's recipients. */
  to: string[];
  raw: string;
  /** A header, unfolded and decoded; names are case-insensitive. */
  header(name: string): string | undefined;
  subject: string;
  /** The text/plain part, decoded, with \n line ends. */
  text: string;
  /** The text/html part, decoded. */
  html: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every mail it accepts: the mailbox of every test that
 * wants mail to leave Nimbus as in a real installation (NIMBUS_SMTP_URL = `url`).
 */
export class TestMailbox extends ReceivedMessages<ReceivedMail> {
  private server: SMTPServer | undefined;
  private port = 0;

  /** Starts listening (on `port`, or a free one); resolves to the port. */
  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((address) => address.address);
          this.received.push({ to, ...parseMail(Buffer.concat(chunks).toString('utf8')) });
          callback();
        });
      },
    });
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  /** NIMBUS_SMTP_URL for this mailbox, once started. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Connections the server holds open right now. */
  get openConnections(): number {
    return this.server?.connections.size ?? 0;
  }

  protected isTo(mail: ReceivedMail, to: string): boolean {
    return mail.to.includes(to);
  }

  protected describe(): string {
    return this.received.map((mail) => `to ${mail.to.join(', ')}:\n${mail.text}`).join('\n---\n');
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Just enough MIME to read what nodemailer writes: unfolded headers, encoded words, QP and base64 parts. */
export function parseMail(raw: string): Omit<ReceivedMail, 'to'> {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = parseHeaders(head);
  const body = rest.join('\r\n\r\n');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  const bodies = new Map<string, string>();
  // A multipart body: what stands before the first boundary and after the last is no part.
  const parts = boundary === undefined ? [`${head}\r\n\r\n${body}`] : body.split(`--${boundary}`).slice(1, -1);
  for (const part of parts) {
    const [partHead = '', ...partBody] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const partHeaders = parseHeaders(partHead);
    const type = (partHeaders.get('content-type') ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!bodies.has(type)) {
      const encoding = (partHeaders.get('content-transfer-encoding') ?? '7bit').toLowerCase();
      bodies.set(type, decodeBody(partBody.join('\r\n\r\n'), encoding));
    }
  }
  return {
    raw,
    header: (name) => headers.get(name.toLowerCase()),
    subject: headers.get('subject') ?? '',
    text: (bodies.get('text/plain') ?? '').replace(/\r\n/g, '\n'),
    html: bodies.get('text/html') ?? '',
  };
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_word, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('latin1')
        : qpBytes(data.replace(/_/g, ' ')),
    )
    .replace(/[\x80-\xff]+/g, (bytes) => Buffer.from(bytes, 'latin1').toString('utf8'));
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    return Buffer.from(qpBytes(body.replace(/=\r?\n/g, '')), 'latin1').toString('utf8');
  }
  return body;
}

/** Quoted-printable to a string of bytes (one latin1 character per byte). */
function qpBytes(data: string): string {
  return data.replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
