import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';

/** The password's SHA-1 split as the range API splits it: 5 hex digits out, 35 kept. */
export function sha1Parts(password: string): { prefix: string; suffix: string } {
  const sha1 = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
  return { prefix: sha1.slice(0, 5), suffix: sha1.slice(5) };
}

/** A range answer as the real API pads it: real suffixes, random count-0 lines, CRLF, shuffled. */
export function paddedRange(entries: { suffix: string; count: number }[]): string {
  const padding = Array.from({ length: 40 }, () => ({
    suffix: randomBytes(18).toString('hex').toUpperCase().slice(0, 35),
    count: 0,
  }));
  const lines = [...entries, ...padding].map(({ suffix, count }) => `${suffix}:${count}`);
  return lines.sort().join('\r\n');
}

export interface RangeRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A stand-in for api.pwnedpasswords.com on 127.0.0.1; `answer` decides each reply, null: never. */
export async function startRangeReceiver(answer: (path: string) => { status: number; body: string } | null) {
  const requests: RangeRequest[] = [];
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    requests.push({ url, headers: request.headers });
    const reply = answer(url);
    if (reply !== null) response.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A logger whose lines the test can read. */
export function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}
