import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, listen, type TestApp, withoutNimbusVariables } from '../../server/src/test/index.js';
import { NimbusClient } from './sdk.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** The CLI as a person runs it: answers typed when its prompts appear. */
function interactive(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    env: { ...withoutNimbusVariables(process.env), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    async answer(prompt: string, value: string | (() => Promise<string>)) {
      await until(() => stdout.includes(prompt), `prompt "${prompt}" (stdout: ${stdout} stderr: ${stderr})`);
      child.stdin.write(`${typeof value === 'string' ? value : await value()}\n`);
    },
    async finish() {
      const code = await exited;
      return { code, stdout, stderr };
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('nimbus account register and nimbus login', () => {
  let test: TestApp;
  let url: string;
  let configDir: string;
  beforeAll(async () => {
    test = await createTestApp({ env: { NIMBUS_CAPTCHA: 'altcha' } });
    url = await listen(test.app);
    configDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-cli-config-'));
  });
  afterAll(async () => {
    await test.close();
    await fs.rm(configDir, { recursive: true, force: true });
  });

  /** The newest SMS code sent to `phone`, once the job runner has delivered it. */
  async function codeSentTo(phone: string, after: number): Promise<string> {
    let code = '';
    await until(async () => {
      const messages = await test.app.nimbus.outbox.list({ limit: 20, channel: 'sms' });
      const message = messages.find((item) => item.recipient === phone && Date.parse(item.createdAt) >= after);
      code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1] ?? '';
      return code !== '';
    }, `an SMS to ${phone}`);
    return code;
  }

  it('registers by phone, prompting for the code and the password, solving the ALTCHA itself', async () => {
    const started = Date.now() - 1000;
    const run = interactive(
      [
        'account',
        'register',
        '--url',
        url,
        '--phone',
        '+7 916 555-12-34',
        '--region',
        'RU',
        '--birth-date',
        '1990-03-04',
      ],
      {},
    );
    await run.answer('Code: ', () => codeSentTo('+79165551234', started));
    await run.answer('Choose a password', 'Orchid-walk-42');
    const result = await run.finish();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Your Nimbus account \d{10} is active/);
  });

  it('signs the device in with the code, keeps its tokens private, and is remembered next time', async () => {
    const env = { NIMBUS_CONFIG_DIR: configDir };
    const started = Date.now() - 1000;
    const first = interactive(['login', '--url', url, '--name', 'test laptop'], env);
    await first.answer('E-mail, phone or account number: ', '+79165551234');
    await first.answer('Password: ', 'Orchid-walk-42');
    await first.answer('Code: ', () => codeSentTo('+79165551234', started));
    const result = await first.finish();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('was sent to +7 *** *** ** 34');
    const file = path.join(configDir, 'credentials.json');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await fs.readFile(file, 'utf8')) as { accessToken: string };
    expect((await new NimbusClient(url).session(saved.accessToken)).account.identifiers[0]?.value).toBe('+79165551234');

    const second = interactive(['login', '--url', url], env);
    await second.answer('E-mail, phone or account number: ', '+79165551234');
    await second.answer('Password: ', 'Orchid-walk-42');
    const again = await second.finish();
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Code:');
    expect(again.stdout).toContain('Signed in to account');
  });
});
