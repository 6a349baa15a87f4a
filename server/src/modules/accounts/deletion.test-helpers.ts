import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import type { Db, Dialect } from '../../core/db/database.js';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives: mail that leaves Nimbus this way
 * is stored nowhere in its database, which the purge test needs to prove exactly that.
 */
export class TestMailbox {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;

  async start(): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((address) => address.address);
          this.received.push({ to, ...parseMail(Buffer.concat(chunks).toString('latin1')) });
          callback();
        });
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    this.server = server;
    return `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  }

  /** The newest mail to `to`. */
  last(to: string): ReceivedMail {
    const mail = this.received.findLast((item) => item.to.includes(to));
    if (mail === undefined) throw new Error(`no mail to ${to}`);
    return mail;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Just enough MIME for what nodemailer writes: the subject and the text/plain part, decoded. */
function parseMail(raw: string): { subject: string; text: string } {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const subject = /^subject: (.*)$/im.exec(head.replace(/\r\n[ \t]+/g, ' '))?.[1] ?? '';
  const body = rest.join('\r\n\r\n');
  const part = /content-type: text\/plain[^]*?content-transfer-encoding: ([\w-]+)\r\n\r\n([^]*?)\r\n--/i.exec(body);
  const encoding = part?.[1]?.toLowerCase();
  const data = part?.[2] ?? '';
  let text = data;
  if (encoding === 'base64') text = Buffer.from(data.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable')
    text = Buffer.from(qpBytes(data.replace(/=\r\n/g, '')), 'latin1').toString('utf8');
  return { subject: decodeWords(subject), text };
}

/** Quoted-printable to a string of bytes, one latin1 character each. */
function qpBytes(data: string): string {
  return data.replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_word, encoding: string, data: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(qpBytes(data.replace(/_/g, ' ')), 'latin1').toString('utf8'),
  );
}

/** Every table of the database, read from the database itself, except Kysely's migration bookkeeping. */
export async function listTables(db: Db, dialect: Dialect): Promise<string[]> {
  const query =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  const rows = (await query.execute(db)).rows;
  return rows
    .map((row) => row.name)
    .filter((name) => !name.startsWith('kysely_migration'))
    .sort();
}

export interface DumpedRow {
  table: string;
  id: unknown;
  /** The whole row as JSON, lower-cased, for searching. */
  text: string;
}

/** Each row of each table, serialized. */
export async function dumpRows(db: Db, tables: string[]): Promise<DumpedRow[]> {
  const dumped: DumpedRow[] = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    for (const row of rows) dumped.push({ table, id: row.id, text: JSON.stringify(row).toLowerCase() });
  }
  return dumped;
}

/**
 * The rows that mention any of `seeds`, and, transitively, any row that mentions one of those
 * rows' ids (a refresh token names its session, not its account). Returns the rows and every
 * value that led to them.
 */
export async function rowsOf(
  db: Db,
  tables: string[],
  seeds: string[],
): Promise<{ rows: DumpedRow[]; needles: string[] }> {
  const needles = new Set(seeds.map((seed) => seed.toLowerCase()));
  for (;;) {
    const rows = (await dumpRows(db, tables)).filter((row) => [...needles].some((needle) => row.text.includes(needle)));
    const size = needles.size;
    for (const row of rows) if (typeof row.id === 'string') needles.add(row.id.toLowerCase());
    if (needles.size === size) return { rows, needles: [...needles] };
  }
}
