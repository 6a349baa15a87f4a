import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes.js';

const run = promisify(execFile);

/** The nginx configuration the README shows operators; the tests run this very text. */
export const NGINX_EXAMPLE = path.resolve(import.meta.dirname, '../../../docs/nginx.conf');

/** The public name in the example, which the test certificate is made for. */
export const EXAMPLE_HOST = 'cloud.example.org';

export interface RunningNginx {
  /** https://127.0.0.1:<port>: the TLS server of the example. */
  readonly httpsUrl: string;
  /** http://127.0.0.1:<port>: the example's redirect to https. */
  readonly httpUrl: string;
  /** The self-signed certificate nginx presents (for EXAMPLE_HOST), to trust in the client. */
  readonly ca: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Replaces text the example must hold exactly once, so an edit of the example cannot slip past the test. */
function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`docs/nginx.conf should contain ${JSON.stringify(from)} once, found ${count}`);
  return text.replace(from, () => to);
}

/**
 * Starts nginx as a child of this process with the README's example in front of `upstream`
 * (http://127.0.0.1:<port>): the same text, with only its ports, certificate and upstream
 * changed. Its pid, logs and temporary files live in a folder of its own that stop() removes.
 */
export async function startNginx(binary: string, openssl: string, upstream: string): Promise<RunningNginx> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-nginx-'));
  // Started as root, nginx's workers run as an unprivileged user: they must reach the temp paths.
  await fs.chmod(dir, 0o755);
  let child: ChildProcess | undefined;
  try {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    await run(openssl, [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${EXAMPLE_HOST}`,
      '-addext',
      `subjectAltName=DNS:${EXAMPLE_HOST}`,
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    let site = await fs.readFile(NGINX_EXAMPLE, 'utf8');
    site = replaceOnce(site, '    listen 80;\n', `    listen 127.0.0.1:${httpPort};\n`);
    site = replaceOnce(site, '    listen [::]:80;\n', '');
    site = replaceOnce(site, '    listen 443 ssl http2;\n', `    listen 127.0.0.1:${httpsPort} ssl http2;\n`);
    site = replaceOnce(site, '    listen [::]:443 ssl http2;\n', '');
    site = replaceOnce(site, `/etc/letsencrypt/live/${EXAMPLE_HOST}/fullchain.pem;`, `${cert};`);
    site = replaceOnce(site, `/etc/letsencrypt/live/${EXAMPLE_HOST}/privkey.pem;`, `${key};`);
    site = replaceOnce(site, 'proxy_pass http://127.0.0.1:8080;', `proxy_pass ${upstream};`);
    await fs.writeFile(path.join(dir, 'nimbus.conf'), site);
    // What /etc/nginx/nginx.conf holds on a server, pointed at this folder instead of the system's.
    const main = [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${dir}/access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
      `  include ${dir}/nimbus.conf;`,
      '}',
      '',
    ].join('\n');
    const conf = path.join(dir, 'nginx.conf');
    await fs.writeFile(conf, main);
    const args = ['-p', `${dir}/`, '-c', conf, '-e', path.join(dir, 'error.log')];
    await run(binary, ['-t', '-q', ...args]).catch((error: unknown) => {
      const stderr = (error as { stderr?: unknown }).stderr;
      throw new Error(
        `nginx refuses the example configuration: ${typeof stderr === 'string' ? stderr : String(error)}`,
      );
    });
    const started = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let stderr = '';
    started.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    await waitForPort(httpsPort, started, () => stderr);
    const pid = started.pid;
    if (pid === undefined) throw new Error('nginx has no pid');
    return {
      httpsUrl: `https://127.0.0.1:${httpsPort}`,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      ca: await fs.readFile(cert, 'utf8'),
      pid,
      async stop() {
        if (started.exitCode === null && started.signalCode === null) {
          // TERM: nginx's master stops its workers and exits at once.
          process.kill(pid, 'SIGTERM');
          const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child?.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function waitForPort(port: number, nginx: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (nginx.exitCode !== null || nginx.signalCode !== null) throw new Error(`nginx exited at start: ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not listen on port ${port} within 10 s: ${stderr()}`);
}

export interface ProxiedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request as a client at `from` would send it (any address of 127.0.0.0/8 is this machine's,
 * so 127.0.0.2 and 127.0.0.3 are two different clients to nginx), for EXAMPLE_HOST.
 */
export function requestFrom(
  from: string,
  url: string,
  options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<ProxiedResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: options.method ?? 'GET',
        localAddress: from,
        headers: { host: EXAMPLE_HOST, ...options.headers },
        agent: false,
        ...(target.protocol === 'https:' ? { ca: options.ca, servername: EXAMPLE_HOST } : {}),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
