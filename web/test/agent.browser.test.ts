import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiSession,
  createTestApp,
  listen,
  requireSuite,
  type TestApp,
  TestMailbox,
  withoutNimbusVariables,
} from '../../server/src/test/index.js';
import { accountSession, connectPhone } from './account-steps.js';
import { en } from '../src/locales/index.js';
import { launchBrowser, PAGE_WIDTH, requireBuiltPortal, screenshot, webDir } from './browser.js';

const CLI = path.resolve(import.meta.dirname, '../../client/src/cli.ts');
const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };
const OWNER = { email: 'jonas.weber@example.org', password: 'Kiesel-Ufer-71-Nord' };
const AGENT_NAME = 'Kitchen phone';
const AGENT_MODEL = 'Nimbus agent';
const TO = '+49 171 222 3344';
const BODY = 'Dinner is at eight, bring the salad';

/** A translation with its {{placeholders}} filled in, as i18next would. */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => values[name] ?? '');
}

function spawnCli(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    env: { ...withoutNimbusVariables(process.env), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** A CLI command run to its end, its prompts answered in turn; its output. */
function nimbus(args: string[], env: Record<string, string>, answers: [string, () => Promise<string>][] = []) {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const next = answers[0];
    if (next !== undefined && stdout.includes(next[0])) {
      answers.shift();
      void next[1]().then((answer) => child.stdin.write(`${answer}\n`));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.runIf(requireSuite('browser'))('a message written in the portal and a running nimbus agent', () => {
  const smtp = new TestMailbox();
  let server: TestApp | undefined;
  let baseUrl = '';
  /** The app under test and where it listens, once beforeAll has started it. */
  const at = () => ({ app: server?.app ?? expect.fail('the server did not start'), baseUrl });
  let browser: Browser | undefined;
  let session: ApiSession | undefined;
  let root = '';
  let agent: ChildProcessWithoutNullStreams | undefined;
  let agentOutput = '';
  let agentErrors = '';
  const contexts: BrowserContext[] = [];

  async function open(pathname: string, viewport: { width: number; height: number }): Promise<Page> {
    if (browser === undefined || session === undefined) throw new Error('the browser or the account is missing');
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport });
    contexts.push(context);
    await context.addCookies(session.cookies);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(new URL(pathname, baseUrl).href);
    return page;
  }

  beforeAll(async () => {
    requireBuiltPortal();
    const smtpPort = await smtp.start();
    server = await createTestApp({
      env: { NIMBUS_WEB_DIR: webDir, NIMBUS_CAPTCHA: 'off', NIMBUS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` },
    });
    baseUrl = await listen(server.app);
    browser = await launchBrowser();
    session = await accountSession(at(), smtp, OWNER.email, OWNER.password);
    // A second phone, so the message has to be sent from the right one.
    await connectPhone(at(), smtp, OWNER.email, OWNER.password, 'Work phone', 'Pixel 8');
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-agent-browser-'));
  });

  afterAll(async () => {
    agent?.kill('SIGKILL');
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    await smtp.stop();
    if (root !== '') await fs.rm(root, { recursive: true, force: true });
  });

  it('shows the message queued, then sent once the agent has sent it', { timeout: 180_000 }, async () => {
    // The reference phone: signed in with the mailed code, registered, its agent running.
    const env = { NIMBUS_CONFIG_DIR: path.join(root, 'config') };
    const dir = path.join(root, 'phone');
    const readCode = smtp.nextCode(OWNER.email);
    const login = await nimbus(['login', '--url', baseUrl, '--name', AGENT_NAME], env, [
      ['E-mail, phone or account number: ', () => Promise.resolve(OWNER.email)],
      ['Password: ', () => Promise.resolve(OWNER.password)],
      ['Code: ', readCode],
    ]);
    expect(login.stdout, login.stderr).toContain('Signed in to account');
    const registered = await nimbus(['device', 'register', '--name', AGENT_NAME, '--model', AGENT_MODEL], env);
    expect(registered.stdout, registered.stderr).toContain(`registered as "${AGENT_NAME}"`);
    const running = spawnCli(['agent', dir, '--verbose'], env);
    agent = running;
    running.stdout.setEncoding('utf8').on('data', (chunk: string) => (agentOutput += chunk));
    running.stderr.setEncoding('utf8').on('data', (chunk: string) => (agentErrors += chunk));
    const exited = new Promise<number | null>((resolve) => running.on('close', (code) => resolve(code)));
    await expect.poll(() => agentOutput, { timeout: 30_000 }).toContain('connected: waiting for changes and commands');

    const page = await open('/messages', PHONE);
    await page.getByRole('heading', { level: 1, name: en.messages.title }).waitFor();
    // The phone is asleep for a moment (stopped, its connection open), so the portal's "queued" can be seen.
    running.kill('SIGSTOP');

    await page.getByRole('button', { name: en.messages.new }).click();
    const dialog = page.getByRole('dialog', { name: en.messages.newTitle });
    // The running agent is the phone the portal sees online.
    await dialog
      .getByLabel(en.messages.sendFrom)
      .selectOption({ label: fill(en.messages.phoneOnline, { phone: `${AGENT_NAME} (${AGENT_MODEL})` }) });
    await dialog.getByRole('textbox', { name: en.messages.to }).fill(TO);
    await dialog.getByRole('textbox', { name: en.messages.text }).fill(BODY);
    await dialog.getByRole('button', { name: en.messages.send }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { level: 2, name: TO }).waitFor();
    const conversation = page.getByRole('list', { name: en.messages.messagesLabel });
    const message = conversation.locator('li[data-direction="out"]', { hasText: BODY });
    await message.getByText(en.messages.status.queued, { exact: true }).waitFor();
    expect(await page.evaluate<number>(PAGE_WIDTH), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
    await screenshot(page, 'agent-message-queued-phone');

    // The phone wakes: it gets the command, keeps the message as sent, and tells the server.
    running.kill('SIGCONT');
    await message.getByText(en.messages.status.sent, { exact: true }).waitFor();
    await page.getByRole('status').getByText(en.messages.status.sent, { exact: true }).waitFor({ state: 'attached' });
    expect(await page.evaluate<number>(PAGE_WIDTH), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
    await screenshot(page, 'agent-message-sent-phone');
    expect(agentOutput).toContain(`asked to send a text to ${TO}`);

    // The phone's folder has it, sent, under the id the portal gave it.
    const messages = async () =>
      JSON.parse(await fs.readFile(path.join(dir, 'messages.json'), 'utf8')) as { body: string; status: string }[];
    await expect.poll(messages).toEqual([expect.objectContaining({ body: BODY, status: 'sent', direction: 'out' })]);

    const desktop = await open(`/messages?thread=${encodeURIComponent(TO.replace(/ /g, ''))}`, DESKTOP);
    await desktop
      .getByRole('list', { name: en.messages.messagesLabel })
      .locator('li[data-direction="out"]', { hasText: BODY })
      .getByText(en.messages.status.sent, { exact: true })
      .waitFor();
    await screenshot(desktop, 'agent-message-sent-desktop');

    running.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(agentErrors).toBe('');
  });
});
