import os from 'node:os';
import type { Command } from 'commander';
import { loadCredentials, saveCredentials } from '../credentials.js';
import { Prompter } from '../prompt.js';
import { NimbusClient } from '../sdk.js';

async function login(options: { url: string; name: string }): Promise<void> {
  const client = new NimbusClient(options.url);
  const prompter = new Prompter();
  try {
    const login = await prompter.ask('E-mail, phone or account number: ');
    const password = await prompter.askSecret('Password: ');
    const remembered = await loadCredentials();
    const deviceToken = remembered?.server === options.url ? remembered.deviceToken : undefined;
    const result = await client.signInDevice({
      login,
      password,
      deviceName: options.name,
      ...(deviceToken === undefined ? {} : { deviceToken }),
    });
    let info;
    if (result.status === 'verification_required') {
      const destination = result.destinations.find((item) => item.id === result.sentTo);
      process.stdout.write(
        `This device is new to your account: a 6-digit code was sent to ${destination?.masked ?? 'your contact'}.\n`,
      );
      info = await client.verifySignIn(result.challengeId, await prompter.ask('Code: '));
    } else {
      info = result;
    }
    if (info.tokens === undefined) throw new Error('the server did not answer device tokens');
    const file = await saveCredentials({ server: options.url, accountNumber: info.account.number, ...info.tokens });
    process.stdout.write(`Signed in to account ${info.account.number}. Credentials saved to ${file}.\n`);
  } finally {
    prompter.close();
  }
}

export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('sign this device in (a new device confirms with a 6-digit code)')
    .option('--url <url>', 'the server', process.env.NIMBUS_URL ?? 'http://127.0.0.1:8080')
    .option('--name <name>', 'how this device appears in "Sessions and devices"', `nimbus CLI on ${os.hostname()}`)
    .action(login);
}
