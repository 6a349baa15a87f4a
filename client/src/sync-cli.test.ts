import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DAY,
  lastMessageTo,
  listen,
  ManualClock,
  owner,
  PASSWORD,
  pruneTombstonesNow,
  sixDigitCode,
  type TestApp,
  testDialects,
  vcard,
} from '../../server/src/test/index.js';
import { MemoryTokenKeeper, NimbusClient } from './sdk.js';
import { nimbus, type Run } from './cli-run.test-helpers.js';

const SLOW = 240_000;

/** A device of the account with its own config folder and sync folder. */
interface TestDevice {
  env: Record<string, string>;
  dir: string;
  sync(...args: string[]): Promise<Run>;
  file(name: string): Promise<string>;
  write(name: string, text: string): Promise<void>;
}

const succeeded = (run: Run) => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
};

/** The vCards of a contacts.vcf, in order. */
const cards = (text: string) => text.match(/BEGIN:VCARD[\s\S]*?END:VCARD\r?\n/g) ?? [];

describe.each(testDialects())('nimbus device and nimbus sync on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  let url: string;
  let root: string;
  let ipCounter = 0;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
    url = await listen(test.app);
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-sync-cli-'));
  });
  afterAll(async () => {
    await test.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  async function account(email: string): Promise<void> {
    await owner(test.app, email, `10.40.0.${++ipCounter}`);
  }

  /** Signs a device in with `nimbus login` (the code read from the outbox); registers it unless told not to. */
  async function device(email: string, name: string, register = true): Promise<TestDevice> {
    const base = await fs.mkdtemp(path.join(root, `${name}-`));
    const env = { NIMBUS_CONFIG_DIR: path.join(base, 'config') };
    const dir = path.join(base, 'phone');
    const login = await nimbus(['login', '--url', url, '--name', name], env, [
      ['E-mail, phone or account number: ', () => Promise.resolve(email)],
      ['Password: ', () => Promise.resolve(PASSWORD)],
      ['Code: ', async () => sixDigitCode((await lastMessageTo(test.app, email)).text)],
    ]);
    expect(succeeded(login)).toContain('Signed in to account');
    if (register) {
      const registered = succeeded(await nimbus(['device', 'register', '--name', name, '--model', 'Test 1'], env));
      expect(registered).toContain(`registered as "${name}" (Test 1)`);
    }
    return {
      env,
      dir,
      sync: (...args) => nimbus(['sync', dir, ...args], env),
      file: (name) => fs.readFile(path.join(dir, name), 'utf8'),
      async write(name, text) {
        await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await fs.writeFile(path.join(dir, name), text);
      },
    };
  }

  it(
    'refuses to sync an unregistered device, leaves out categories switched off, keeps what cannot sync',
    { timeout: SLOW },
    async () => {
      await account('cli.switches@example.org');
      const laptop = await device('cli.switches@example.org', 'laptop', false);
      const refused = await laptop.sync();
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('this device is not registered yet: run `nimbus device register` first');

      succeeded(await nimbus(['device', 'register'], laptop.env));
      const settings = succeeded(await nimbus(['device', 'sync-settings', '--off', 'calendar,calls'], laptop.env));
      expect(settings).toBe('Syncs: contacts, messages, notes\nSwitched off: calendar, calls\n');
      const wrong = await nimbus(['device', 'sync-settings', '--on', 'photos'], laptop.env);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain('"photos" is not a category');

      const synced = succeeded(await laptop.sync());
      expect(synced).toContain('calendar: switched off for this device');
      expect(synced).toContain('contacts: 0 up, 0 down, 0 conflicts');
      expect(synced).not.toContain('calls: 0 up');

      // What the server refuses, or the CLI cannot read, stays as it is, said plainly, with exit code 1.
      const broken = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No end\r\n';
      await laptop.write('contacts.vcf', vcard('c-fine', 'Fine Card') + broken);
      await laptop.write('messages.json', '[{"address": "+49 151 1",');
      const partly = await laptop.sync();
      expect(partly.code).toBe(1);
      expect(partly.stderr).toMatch(/^nimbus: messages not synced: messages\.json is not valid JSON \(.+\)\n$/);
      expect(partly.stdout).toContain('contacts: 1 up, 0 down, 0 conflicts, 1 not accepted');
      expect(partly.stdout).toMatch(
        /not accepted: "No end" \([0-9a-f-]{36}\): This is not a valid vCard: .+\. Fix it in contacts\.vcf\./,
      );
      expect(await laptop.file('contacts.vcf')).toMatch(/FN:No end\r\n$/);
      expect(await laptop.file('messages.json')).toBe('[{"address": "+49 151 1",');
    },
  );

  it(
    'carries every category both ways between two folders, offline edits and deletions included',
    { timeout: SLOW },
    async () => {
      await account('cli.converge@example.org');
      const phone = await device('cli.converge@example.org', 'phone');
      const tablet = await device('cli.converge@example.org', 'tablet');

      const anna = vcard('c-anna', 'Anna Berg');
      const ivan = vcard('c-ivan', 'Ivan Petrov');
      await phone.write('contacts.vcf', anna + ivan);
      await phone.write(
        'calendar.ics',
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:dentist@example.org\r\n' +
          'DTSTAMP:20261120T080000Z\r\nDTSTART:20261201T090000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      );
      await phone.write(
        'messages.json',
        JSON.stringify([
          { address: '+49 151 1', body: 'On my way', time: '2026-11-22T08:00:00Z', direction: 'out', status: 'sent' },
        ]),
      );
      await phone.write(
        'calls.json',
        JSON.stringify([{ number: '+49 151 1', time: '2026-11-22T07:00:00Z', durationSeconds: 62, type: 'incoming' }]),
      );
      await phone.write('notes/shopping.md', '# Shopping\n\n- milk\n');
      await phone.write('notes/ideas.md', '# Ideas\n');

      expect(succeeded(await phone.sync()).split('\n')).toEqual([
        'contacts: 2 up, 0 down, 0 conflicts',
        'calendar: 1 up, 0 down, 0 conflicts',
        'messages: 1 up, 0 down, 0 conflicts',
        'calls: 1 up, 0 down, 0 conflicts',
        'notes: 2 up, 0 down, 0 conflicts',
        '',
      ]);
      // New records got their ids written back: the note front matter, the message id.
      expect(await phone.file('notes/shopping.md')).toMatch(/^---\ntitle: Shopping\nfolder: null\npinned: false\n/);
      const [message] = JSON.parse(await phone.file('messages.json')) as { id: string }[];
      expect(message?.id).toMatch(/^[0-9a-f-]{36}$/);

      expect(succeeded(await tablet.sync())).toContain('contacts: 0 up, 2 down, 0 conflicts');
      expect(await tablet.file('contacts.vcf')).toBe(anna + ivan);
      expect(await tablet.file('messages.json')).toBe(await phone.file('messages.json'));
      expect(await tablet.file('calls.json')).toBe(await phone.file('calls.json'));
      expect(await tablet.file('notes/shopping.md')).toBe(await phone.file('notes/shopping.md'));
      expect(await tablet.file('calendar.ics')).toContain('SUMMARY:Dentist\r\n');

      // Offline: the tablet edits Ivan, deletes Anna and a note; the phone adds a contact and a note, edits the other note.
      const ivanEdited = ivan.replace('FN:Ivan Petrov', 'FN:Ivan S. Petrov');
      await tablet.write('contacts.vcf', ivanEdited);
      await fs.rm(path.join(tablet.dir, 'notes/shopping.md'));
      const olga = vcard('c-olga', 'Olga Sokol');
      await phone.write('contacts.vcf', (await phone.file('contacts.vcf')) + olga);
      await phone.write('notes/trip.md', '# Trip\n');
      await phone.write('notes/ideas.md', (await phone.file('notes/ideas.md')) + '\nFly to Oslo.\n');

      expect(succeeded(await tablet.sync())).toContain('contacts: 2 up, 0 down, 0 conflicts');
      const phoneRun = succeeded(await phone.sync());
      expect(phoneRun).toContain('contacts: 1 up, 2 down, 0 conflicts');
      expect(phoneRun).toContain('notes: 2 up, 1 down, 0 conflicts');
      succeeded(await tablet.sync());

      expect(await phone.file('contacts.vcf')).toBe(ivanEdited + olga);
      expect(cards(await tablet.file('contacts.vcf')).sort()).toEqual([ivanEdited, olga].sort());
      const notes = async (side: TestDevice) => (await fs.readdir(path.join(side.dir, 'notes'))).sort();
      expect(await notes(phone)).toEqual(['ideas.md', 'trip.md']);
      expect(await notes(tablet)).toEqual(['ideas.md', 'trip.md']);
      expect(await tablet.file('notes/ideas.md')).toBe(await phone.file('notes/ideas.md'));
      expect(await tablet.file('notes/ideas.md')).toContain('Fly to Oslo.');

      // Nothing changed anywhere: nothing moves.
      expect(succeeded(await phone.sync())).toContain('contacts: 0 up, 0 down, 0 conflicts');
    },
  );

  it('never loses either side of a conflict, and lets a change outweigh a deletion', { timeout: SLOW }, async () => {
    await account('cli.conflict@example.org');
    const phone = await device('cli.conflict@example.org', 'phone');
    const tablet = await device('cli.conflict@example.org', 'tablet');
    const anna = vcard('c-anna', 'Anna Berg');
    await phone.write('contacts.vcf', anna);
    await phone.write('notes/plan.md', '# Plan\n\nday 1\n');
    await phone.write('notes/old.md', '# Old\n');
    succeeded(await phone.sync());
    succeeded(await tablet.sync());

    // Offline, both change Anna and the plan; the phone deletes "old" which the tablet edits.
    const byPhone = anna.replace('FN:Anna Berg', 'FN:Anna Berg-Lund');
    const byTablet = anna.replace('FN:Anna Berg', 'FN:Anna B.');
    await phone.write('contacts.vcf', byPhone);
    await tablet.write('contacts.vcf', byTablet);
    await phone.write('notes/plan.md', (await phone.file('notes/plan.md')).replace('day 1', 'day 1, by phone'));
    await tablet.write('notes/plan.md', (await tablet.file('notes/plan.md')).replace('day 1', 'day 1, by tablet'));
    await fs.rm(path.join(phone.dir, 'notes/old.md'));
    await tablet.write('notes/old.md', (await tablet.file('notes/old.md')) + 'keep me\n');

    succeeded(await phone.sync());
    const tabletRun = succeeded(await tablet.sync());
    expect(tabletRun).toContain('contacts: 0 up, 0 down, 1 conflict');
    expect(tabletRun).toContain(
      'conflict: "Anna B." (c-anna) changed here and on the server: the server\'s copy "Anna Berg-Lund" (c-anna) ' +
        'is in contacts.vcf, yours is in conflicts/contacts-c-anna.vcf',
    );
    expect(tabletRun).toContain(
      'conflict: "Plan" (plan) changed here and on the server: the server\'s copy "Plan" (plan) is in notes/plan.md, yours is in conflicts/notes-plan.md',
    );
    expect(tabletRun).toContain('conflict: "Old" (old) was deleted on the server but changed here: yours is kept');
    // The server's copy is in the main file, the tablet's beside it.
    expect(await tablet.file('contacts.vcf')).toBe(byPhone);
    expect(await tablet.file('conflicts/contacts-c-anna.vcf')).toBe(byTablet);
    expect(await tablet.file('notes/plan.md')).toContain('day 1, by phone');
    expect(await tablet.file('conflicts/notes-plan.md')).toContain('day 1, by tablet');

    const phoneRun = succeeded(await phone.sync());
    expect(phoneRun).toContain('notes: 0 up, 1 down, 0 conflicts');
    expect(await phone.file('notes/old.md')).toContain('keep me');
    expect(await phone.file('contacts.vcf')).toBe(byPhone);
    // Settled: a further sync on either side changes nothing.
    expect(succeeded(await tablet.sync())).toContain('notes: 0 up, 0 down, 0 conflicts');
    expect(await fs.readdir(path.join(tablet.dir, 'conflicts'))).toEqual(['contacts-c-anna.vcf', 'notes-plan.md']);
  });

  it(
    'keeps a vCard with unknown properties byte for byte, on the server and on the other device',
    { timeout: SLOW },
    async () => {
      await account('cli.roundtrip@example.org');
      const phone = await device('cli.roundtrip@example.org', 'phone');
      const tablet = await device('cli.roundtrip@example.org', 'tablet');
      const card =
        'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:Jürgen Ölund\r\n' +
        'N:Ölund;Jürgen;;;\r\nX-MIUI-RINGTONE;X-PARAM=odd:content://media/1\r\nX-CUSTOM-BLOB:a\\,b\\;c\r\n' +
        'TEL;TYPE="cell,voice";PREF=1:tel:+49-151-2345678\r\n' +
        'NOTE:Line one\\nLine two with a long text that a device folds at seventy-five octets per line, a\r\n  continuation\r\n' +
        'END:VCARD\r\n';
      await phone.write('contacts.vcf', card);
      succeeded(await phone.sync('--categories', 'contacts'));
      expect(succeeded(await tablet.sync('--categories', 'contacts'))).toBe('contacts: 0 up, 1 down, 0 conflicts\n');
      expect(await tablet.file('contacts.vcf')).toBe(card);

      const saved = JSON.parse(
        await fs.readFile(path.join(tablet.env.NIMBUS_CONFIG_DIR ?? '', 'credentials.json'), 'utf8'),
      ) as {
        server: string;
        accessToken: string;
        refreshToken: string;
      };
      const sdk = new NimbusClient(saved.server, new MemoryTokenKeeper(saved));
      const [record] = (await sdk.pullChanges('contacts', '0')).changes;
      expect(record).toMatchObject({ id: '4fbe8971-0bc3-424c-9c26-36c3e1eff6b1', data: { vcard: card } });
      expect(await fs.readFile(path.join(phone.dir, 'contacts.vcf'), 'utf8')).toBe(card);
    },
  );

  // Last: it moves the server's clock a month on.
  it(
    'starts over from the beginning when the server has forgotten old deletions (410)',
    { timeout: SLOW },
    async () => {
      await account('cli.expired@example.org');
      const phone = await device('cli.expired@example.org', 'phone');
      const tablet = await device('cli.expired@example.org', 'tablet');
      await phone.write('notes/keep.md', '# Keep\n');
      await phone.write('notes/gone.md', '# Gone\n');
      succeeded(await phone.sync('--categories', 'notes'));
      succeeded(await tablet.sync('--categories', 'notes'));
      await tablet.write('notes/mine.md', '# Mine, not synced yet\n');

      await fs.rm(path.join(phone.dir, 'notes/gone.md'));
      succeeded(await phone.sync('--categories', 'notes'));
      await phone.write('notes/later.md', '# Later\n');
      succeeded(await phone.sync('--categories', 'notes'));

      clock.advance(31 * DAY);
      expect(await pruneTombstonesNow(test.app, clock.now())).toBeGreaterThanOrEqual(1);
      const credentials = path.join(tablet.env.NIMBUS_CONFIG_DIR ?? '', 'credentials.json');
      const before = await fs.readFile(credentials, 'utf8');

      const run = succeeded(await tablet.sync('--categories', 'notes'));
      expect(run).toBe(
        'notes: 1 up, 2 down, 0 conflicts\n' +
          '  the server no longer remembered deletions this old: everything was compared anew\n',
      );
      expect((await fs.readdir(path.join(tablet.dir, 'notes'))).sort()).toEqual(['keep.md', 'later.md', 'mine.md']);
      // A month on, the access token had expired: the CLI refreshed it and kept the new tokens.
      expect(await fs.readFile(credentials, 'utf8')).not.toBe(before);
      expect(succeeded(await phone.sync('--categories', 'notes'))).toBe('notes: 0 up, 1 down, 0 conflicts\n');
    },
  );
});
