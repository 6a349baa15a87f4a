import { once } from 'node:events';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import { suiteValue } from '../../server/src/test/suites.js';

export const webDir = path.resolve(import.meta.dirname, '../dist');
export const screenshots = path.resolve(import.meta.dirname, '../../test-results');

/** Measured in the page; a string, because this file is type-checked without the DOM library. */
export const PAGE_WIDTH = 'document.documentElement.scrollWidth';

export function requireBuiltPortal(): void {
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(
      `${webDir}/index.html is missing: run npm run build first (npm run build -w web builds the portal alone)`,
    );
  }
}

/** Headless Chromium from NIMBUS_TEST_CHROMIUM, without anything that would reach the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: suiteValue('browser'),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A screenshot shows a page, not a blank or a single-colour error, when it has many colours and much ink. */
export function inkOf(file: string): { colours: number; inkShare: number } {
  const png = PNG.sync.read(fs.readFileSync(file));
  const counts = new Map<number, number>();
  for (let offset = 0; offset < png.data.length; offset += 4) {
    const rgb = ((png.data[offset] ?? 0) << 16) | ((png.data[offset + 1] ?? 0) << 8) | (png.data[offset + 2] ?? 0);
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  const pixels = png.width * png.height;
  return { colours: counts.size, inkShare: (pixels - background) / pixels };
}

/**
 * Saves a full-page screenshot to test-results/ and checks it shows a real page: at least
 * `minColours` colours and `minInk` of the pixels off the background (a sparse form has less).
 */
export async function screenshot(page: Page, name: string, { minColours = 100, minInk = 0.03 } = {}): Promise<string> {
  fs.mkdirSync(screenshots, { recursive: true });
  const file = path.join(screenshots, `${name}.png`);
  // From the top: a page scrolled to a focused field would put the fixed header mid-picture.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: file, fullPage: true });
  const { colours, inkShare } = inkOf(file);
  expect(colours, `${name}.png has the colours of a page`).toBeGreaterThan(minColours);
  expect(inkShare, `${name}.png is not blank`).toBeGreaterThan(minInk);
  return file;
}

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The text/plain part, decoded. */
  text: string;
}

/**
 * The text part of a mail as nodemailer writes it: found by its Content-Type, then decoded from
 * base64 or quoted-printable (soft line breaks unfolded, =XX bytes decoded as UTF-8).
 */
export function mailText(raw: string): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const parts = boundary === undefined ? [raw] : raw.split(`--${boundary}`);
  const part = parts.find((candidate) => /content-type:\s*text\/plain/i.test(candidate)) ?? raw;
  const [head = '', ...body] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
  const content = body.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) {
    return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  const bytes = content
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

/** A real SMTP server on 127.0.0.1 that keeps every mail it accepts. */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;

  async start(): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const to = session.envelope.rcptTo.map((address) => address.address);
          this.received.push({ to, raw, text: mailText(raw) });
          callback();
        });
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    this.server = server;
    return (server.server.address() as AddressInfo).port;
  }

  /**
   * The first mail to `address` after the first `skip` ones whose text matches `pattern`; waits
   * for the app's job runner to deliver it, at most `timeoutMs`.
   */
  async waitFor(address: string, pattern: RegExp, { skip = 0, timeoutMs = 30_000 } = {}): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matches = this.received
        .filter((mail) => mail.to.includes(address))
        .map((mail) => pattern.exec(mail.text))
        .filter((match) => match !== null);
      const match = matches[skip];
      if (match !== undefined) return match;
      if (Date.now() > deadline) {
        const texts = this.received.map((mail) => `to ${mail.to.join(', ')}:\n${mail.text}`).join('\n---\n');
        throw new Error(`no mail to ${address} matching ${pattern} within ${timeoutMs} ms; received:\n${texts}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
