import type { Command } from 'commander';
import { solveCaptcha } from '../captcha.js';
import { Prompter } from '../prompt.js';
import { NimbusClient } from '../sdk.js';

interface RegisterOptions {
  url: string;
  email?: string;
  phone?: string;
  phoneRegion?: string;
  region: string;
  birthDate: string;
  locale: 'en' | 'ru' | 'zh';
  news: boolean;
}

async function register(options: RegisterOptions): Promise<void> {
  if ((options.email === undefined) === (options.phone === undefined))
    throw new Error('give either --email or --phone');
  const client = new NimbusClient(options.url);
  const prompter = new Prompter();
  try {
    const common = {
      region: options.region,
      birthDate: options.birthDate,
      locale: options.locale,
      marketingOptIn: options.news,
    };
    if (options.email !== undefined) {
      const password = await prompter.askSecret('Password (8–128 characters, letters and digits): ');
      const captcha = await solveCaptcha(await client.captcha());
      const sent = await client.registerByEmail({ ...common, email: options.email, password, captcha });
      process.stdout.write(
        `An activation link was sent to ${sent.email}. Open it within 24 hours to activate the account.\n`,
      );
      return;
    }
    const captcha = await solveCaptcha(await client.captcha());
    const sent = await client.registerByPhone({
      ...common,
      phone: options.phone ?? '',
      phoneRegion: options.phoneRegion ?? options.region,
      captcha,
    });
    process.stdout.write(`A 6-digit code was sent by SMS to ${sent.phone}.\n`);
    const code = await prompter.ask('Code: ');
    const { setupToken } = await client.verifyPhone(sent.registrationId, code);
    const password = await prompter.askSecret('Choose a password (8–128 characters, letters and digits): ');
    const info = await client.completePhoneRegistration(sent.registrationId, setupToken, password);
    process.stdout.write(
      `Your Nimbus account ${info.account.number} is active. Sign this device in with \`nimbus login\`.\n`,
    );
  } finally {
    prompter.close();
  }
}

export function registerAccountCommands(program: Command): void {
  const account = program.command('account').description('your Nimbus account');
  account
    .command('register')
    .description('create an account with an e-mail address (activation link) or a phone number (SMS code)')
    .option('--url <url>', 'the server', process.env.NIMBUS_URL ?? 'http://127.0.0.1:8080')
    .option('--email <address>', 'register with this e-mail address')
    .option('--phone <number>', 'register with this phone number')
    .option('--phone-region <code>', 'the country a national phone number belongs to (default: --region)')
    .requiredOption('--region <code>', 'your country or region, two letters (e.g. DE, RU, CN)')
    .requiredOption('--birth-date <date>', 'your date of birth, YYYY-MM-DD')
    .option('--locale <language>', 'language of mail and SMS: en, ru or zh', 'en')
    .option('--news', 'send me news and offers', false)
    .action(register);
}
