import { MAX_PUSH_ITEMS, PullResponseSchema, type Change, type SyncRecord } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.js';
import { createTestApp, owner, type TestApp, TestDevice, testDialects, vcard } from '../../test/index.js';
import { pruneTombstones } from './tombstones.js';
import { DAY } from '../../core/time.js';

let ipCounter = 0;
const nextIp = () => `10.20.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

const note = (title: string, body = '') => ({ title, body, updatedAt: '2026-11-22T09:00:00Z' });
const live = (changes: Change[]) => changes.filter((change): change is SyncRecord => !change.deleted);

describe.each(testDialects())('the sync engine on %s', (dialect) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 9, 0));
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, clock, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  async function twoDevices(email: string): Promise<[TestDevice, TestDevice]> {
    await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    return [phone, tablet];
  }

  it('carries records from one device to another, then edits and deletions as they happen', async () => {
    const [phone, tablet] = await twoDevices('sync.basic@example.org');
    const created = await phone.push('notes', [
      { id: 'n-1', op: 'upsert', baseVersion: null, data: note('Shopping', 'milk') },
      { id: 'n-2', op: 'upsert', baseVersion: null, data: note('Ideas') },
    ]);
    expect(created.map((result) => result.status)).toEqual(['applied', 'applied']);
    // The phone's own changes come back to it (the same etags): harmless, and its cursor moves on.
    expect((await phone.pullAll('notes')).map((change) => change.etag)).toEqual(
      created.map((result) => 'etag' in result && result.etag),
    );

    const first = live(await tablet.pullAll('notes'));
    expect(first.map((record) => [record.id, record.data])).toEqual([
      ['n-1', { title: 'Shopping', body: 'milk', folder: null, pinned: false, updatedAt: '2026-11-22T09:00:00Z' }],
      ['n-2', { title: 'Ideas', body: '', folder: null, pinned: false, updatedAt: '2026-11-22T09:00:00Z' }],
    ]);
    // Nothing new: an empty page and the same cursor.
    const cursor = tablet.cursors.get('notes');
    expect(await tablet.pullAll('notes')).toEqual([]);
    expect(tablet.cursors.get('notes')).toBe(cursor);

    const n1 = first[0];
    if (n1 === undefined) throw new Error('no n-1');
    const [edited, deleted] = await tablet.push('notes', [
      { id: 'n-1', op: 'upsert', baseVersion: n1.version, data: note('Shopping', 'milk, bread') },
      { id: 'n-2', op: 'delete', baseVersion: first[1]?.version ?? null },
    ]);
    expect(edited).toMatchObject({ status: 'applied' });
    expect(deleted).toMatchObject({ status: 'applied' });

    // The feed is written out as text for speed: it must still be exactly the documented shape.
    const raw = await phone.call('GET', `/api/v1/sync/notes?since=${phone.cursors.get('notes') ?? '0'}`);
    expect(raw.headers['content-type']).toMatch(/^application\/json/);
    expect(PullResponseSchema.parse(raw.json()).changes.map((change) => change.deleted)).toEqual([false, true]);
    const changes = await phone.pullAll('notes');
    const byId = new Map(changes.map((change) => [change.id, change]));
    expect(byId.get('n-1')).toMatchObject({ deleted: false, data: { body: 'milk, bread' } });
    expect(byId.get('n-2')).toMatchObject({ deleted: true });
    // Versions grow with every change of the account.
    expect(byId.get('n-1')?.version).toBeGreaterThan(n1.version);
  });

  it('never loses a concurrent edit: the later push gets a conflict with the server copy, then converges', async () => {
    const [phone, tablet] = await twoDevices('sync.conflict@example.org');
    await phone.push('notes', [
      { id: 'shared', op: 'upsert', baseVersion: null, data: note('Trip', 'day 1') },
      { id: 'mine', op: 'upsert', baseVersion: null, data: note('Phone only') },
    ]);
    const base = live(await tablet.pullAll('notes'));
    await phone.pullAll('notes');
    const sharedBase = base.find((record) => record.id === 'shared')?.version ?? null;

    // Both edit "shared" offline; the tablet also creates a note and the phone edits "mine".
    const phoneResults = await phone.push('notes', [
      { id: 'shared', op: 'upsert', baseVersion: sharedBase, data: note('Trip', 'day 1, by phone') },
      {
        id: 'mine',
        op: 'upsert',
        baseVersion: base.find((record) => record.id === 'mine')?.version ?? null,
        data: note('Phone only', 'edited'),
      },
    ]);
    expect(phoneResults.map((result) => result.status)).toEqual(['applied', 'applied']);
    const tabletResults = await tablet.push('notes', [
      { id: 'shared', op: 'upsert', baseVersion: sharedBase, data: note('Trip', 'day 1, by tablet') },
      { id: 'tablet-new', op: 'upsert', baseVersion: null, data: note('Tablet note') },
    ]);
    expect(tabletResults[1]).toMatchObject({ status: 'applied' });
    const conflict = tabletResults[0];
    if (conflict?.status !== 'conflict' || conflict.server === null || conflict.server.deleted) {
      throw new Error(`expected a conflict with the server copy, got ${JSON.stringify(conflict)}`);
    }
    expect(conflict.server.data).toMatchObject({ body: 'day 1, by phone' });

    // The tablet resolves by merging both texts onto the server's version.
    const merged = await tablet.push('notes', [
      {
        id: 'shared',
        op: 'upsert',
        baseVersion: conflict.server.version,
        data: note('Trip', 'day 1, by phone / by tablet'),
      },
    ]);
    expect(merged[0]).toMatchObject({ status: 'applied' });

    // Both pull; both end with the same records.
    await phone.pullAll('notes');
    await tablet.pullAll('notes');
    const fresh = new TestDevice(test.app, nextIp());
    await fresh.connect('sync.conflict@example.org', 'Laptop');
    const everything = live(await fresh.pullAll('notes'))
      .map((record) => [record.id, (record.data as { body: string }).body])
      .sort();
    expect(everything).toEqual([
      ['mine', 'edited'],
      ['shared', 'day 1, by phone / by tablet'],
      ['tablet-new', ''],
    ]);
  });

  it('settles pushes racing on the same records: one wins each version, the other learns of it', async () => {
    const [phone, tablet] = await twoDevices('sync.race@example.org');
    const ids = ['a', 'b', 'c', 'd'];
    await phone.push(
      'notes',
      ids.map((id) => ({ id, op: 'upsert' as const, baseVersion: null, data: note(id) })),
    );
    const base = new Map(live(await tablet.pullAll('notes')).map((record) => [record.id, record.version]));
    // Both devices edit every record from the same base, at the same moment, ten times over.
    const won = new Map<string, string>();
    for (let round = 0; round < 10; round++) {
      const edit = (device: TestDevice, who: string) =>
        device.push(
          'notes',
          ids.map((id) => ({
            id,
            op: 'upsert' as const,
            baseVersion: base.get(id) ?? null,
            data: note(id, `${who} ${round}`),
          })),
        );
      const [fromPhone, fromTablet] = await Promise.all([edit(phone, 'phone'), edit(tablet, 'tablet')]);
      for (const [index, id] of ids.entries()) {
        const outcomes = [fromPhone[index], fromTablet[index]];
        const applied = outcomes.filter((result) => result?.status === 'applied');
        const conflicts = outcomes.filter((result) => result?.status === 'conflict');
        // Exactly one edit takes the version; the other comes back with the winner's copy.
        expect(applied, `${id} round ${round}`).toHaveLength(1);
        expect(conflicts).toHaveLength(1);
        const winner = applied[0];
        const loser = conflicts[0];
        if (winner?.status !== 'applied' || loser?.status !== 'conflict' || loser.server?.deleted !== false) {
          throw new Error('unexpected outcome');
        }
        expect(loser.server.version).toBe(winner.version);
        base.set(id, winner.version);
        won.set(id, (loser.server.data as { body: string }).body);
      }
    }
    // Everyone converges on the winners, and every change took its own version.
    const fresh = await new TestDevice(test.app, nextIp()).connect('sync.race@example.org', 'Check');
    const final = live(await fresh.pullAll('notes'));
    expect(new Map(final.map((record) => [record.id, (record.data as { body: string }).body]))).toEqual(won);
    expect(new Set(final.map((record) => record.version)).size).toBe(ids.length);
  });

  it('reports a delete against a newer edit as a conflict, and the same content reached twice as applied', async () => {
    const [phone, tablet] = await twoDevices('sync.delete-conflict@example.org');
    await phone.push('notes', [{ id: 'x', op: 'upsert', baseVersion: null, data: note('X') }]);
    const [x] = live(await tablet.pullAll('notes'));
    const base = x?.version ?? null;
    await phone.push('notes', [{ id: 'x', op: 'upsert', baseVersion: base, data: note('X', 'newer') }]);
    const [deletion] = await tablet.push('notes', [{ id: 'x', op: 'delete', baseVersion: base }]);
    expect(deletion).toMatchObject({ status: 'conflict', server: { id: 'x', data: { body: 'newer' } } });
    // The tablet makes the very same edit: nothing to merge, no new version.
    const [same] = await tablet.push('notes', [{ id: 'x', op: 'upsert', baseVersion: base, data: note('X', 'newer') }]);
    expect(same).toMatchObject({ status: 'applied' });
  });

  it('changes nothing when the same batch is pushed twice', async () => {
    const [phone, tablet] = await twoDevices('sync.idempotent@example.org');
    const batch = [
      { id: 'c-1', op: 'upsert' as const, baseVersion: null, data: { vcard: vcard('c-1', 'Anna Berg') } },
      { id: 'c-2', op: 'upsert' as const, baseVersion: null, data: { vcard: vcard('c-2', 'Ivan Petrov') } },
    ];
    const first = await phone.push('contacts', batch);
    await tablet.pullAll('contacts');
    const cursor = tablet.cursors.get('contacts');
    // The answer to the first push was lost; the phone sends it again.
    const second = await phone.push('contacts', batch);
    expect(second).toEqual(first);
    expect(await tablet.pullAll('contacts')).toEqual([]);
    expect(tablet.cursors.get('contacts')).toBe(cursor);
  });

  it('refuses a category switched off on the device, for push and pull, until it is on again', async () => {
    const [phone] = await twoDevices('sync.switch@example.org');
    const off = await phone.call('PATCH', '/api/v1/devices/current/sync', { all: false, notes: true });
    expect(off.statusCode).toBe(200);
    expect(off.json<{ device: { sync: Record<string, boolean> } }>().device.sync).toEqual({
      contacts: false,
      calendar: false,
      messages: false,
      calls: false,
      notes: true,
    });
    const push = await phone.call('POST', '/api/v1/sync/contacts', {
      items: [{ id: 'c', op: 'upsert', baseVersion: null, data: { vcard: vcard('c-0001', 'A B') } }],
    });
    expect(push.statusCode).toBe(403);
    expect(push.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({
      code: 'category_disabled',
      details: { category: 'contacts' },
    });
    expect((await phone.call('GET', '/api/v1/sync/contacts')).statusCode).toBe(403);
    expect((await phone.call('GET', '/api/v1/sync/notes')).statusCode).toBe(200);

    await phone.call('PATCH', '/api/v1/devices/current/sync', { contacts: true });
    expect((await phone.call('GET', '/api/v1/sync/contacts')).statusCode).toBe(200);
  });

  it('answers 413 with the limit for too many items or too many bytes, applying none', async () => {
    const [phone, tablet] = await twoDevices('sync.limits@example.org');
    const many = Array.from({ length: MAX_PUSH_ITEMS + 1 }, (_, index) => ({
      id: `n-${index}`,
      op: 'upsert',
      baseVersion: null,
      data: note(`Note ${index}`),
    }));
    const tooMany = await phone.call('POST', '/api/v1/sync/notes', { items: many });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json<{ error: { details: unknown } }>().error.details).toEqual({ limitItems: MAX_PUSH_ITEMS });

    const big = 'x'.repeat(900 * 1024);
    const heavy = Array.from({ length: 5 }, (_, index) => ({
      id: `big-${index}`,
      op: 'upsert',
      baseVersion: null,
      data: note('Big', big),
    }));
    const tooBig = await phone.call('POST', '/api/v1/sync/notes', { items: heavy });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({
      code: 'payload_too_large',
      details: { limitBytes: 4 * 1024 * 1024 },
    });
    expect(await tablet.pullAll('notes')).toEqual([]);
  });

  it('rejects a malformed vCard alone, with a clear reason, and applies the rest of the batch', async () => {
    const [phone] = await twoDevices('sync.malformed@example.org');
    const results = await phone.push('contacts', [
      { id: 'good', op: 'upsert', baseVersion: null, data: { vcard: vcard('good', 'Anna Berg') } },
      { id: 'bad', op: 'upsert', baseVersion: null, data: { vcard: 'BEGIN:VCARD\r\nFN:No end\r\n' } },
      { id: 'not-vcard', op: 'upsert', baseVersion: null, data: { vcard: 'BEGIN:VEVENT\r\nEND:VEVENT\r\n' } },
      { id: 'no-data', op: 'upsert', baseVersion: null },
    ]);
    expect(results.map((result) => result.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected']);
    expect(results[1]).toMatchObject({ error: { code: 'invalid_vcard' } });
    expect(results[2]).toMatchObject({ error: { code: 'invalid_vcard' } });
    expect(results[3]).toMatchObject({ error: { code: 'invalid_data' } });
  });

  it('keeps another account’s records out of reach, whatever id is used', async () => {
    const [alice] = await twoDevices('sync.alice@example.org');
    const [mallory] = await twoDevices('sync.mallory@example.org');
    const [created] = await alice.push('notes', [
      { id: 'alice-secret', op: 'upsert', baseVersion: null, data: note('Secret', 'pin 1234') },
    ]);
    if (created?.status !== 'applied') throw new Error('not created');

    expect(await mallory.pullAll('notes')).toEqual([]);
    const overwrite = await mallory.push('notes', [
      { id: 'alice-secret', op: 'upsert', baseVersion: created.version, data: note('Owned') },
    ]);
    expect(overwrite[0]).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });
    const remove = await mallory.push('notes', [{ id: 'alice-secret', op: 'delete', baseVersion: created.version }]);
    expect(remove[0]).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });
    // The same id as a new record is Mallory's own record, and Alice's stays as it was.
    const own = await mallory.push('notes', [
      { id: 'alice-secret', op: 'upsert', baseVersion: null, data: note('Mine') },
    ]);
    expect(own[0]).toMatchObject({ status: 'applied' });
    const fresh = await new TestDevice(test.app, nextIp()).connect('sync.alice@example.org', 'Check');
    expect(live(await fresh.pullAll('notes')).map((record) => record.data)).toMatchObject([{ body: 'pin 1234' }]);
  });

  it('answers 410 cursor_expired to a cursor older than the remembered deletions; from 0 it starts over', async () => {
    const [phone, tablet] = await twoDevices('sync.expired@example.org');
    await phone.push('notes', [
      { id: 'keep', op: 'upsert', baseVersion: null, data: note('Keep') },
      { id: 'gone', op: 'upsert', baseVersion: null, data: note('Gone') },
    ]);
    const records = live(await tablet.pullAll('notes'));
    const gone = records.find((record) => record.id === 'gone');
    await phone.push('notes', [{ id: 'gone', op: 'delete', baseVersion: gone?.version ?? null }]);
    await phone.push('notes', [{ id: 'later', op: 'upsert', baseVersion: null, data: note('Later') }]);

    clock.advance(31 * DAY);
    await tablet.refresh();
    expect(await pruneTombstones(test.app.nimbus.database.db, clock.now())).toBeGreaterThanOrEqual(1);

    const stale = await tablet.call('GET', `/api/v1/sync/notes?since=${tablet.cursors.get('notes') ?? '0'}`);
    expect(stale.statusCode).toBe(410);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('cursor_expired');
    tablet.cursors.delete('notes');
    expect(
      live(await tablet.pullAll('notes'))
        .map((record) => record.id)
        .sort(),
    ).toEqual(['keep', 'later']);
  });

  it('returns vCards and iCalendar items with unknown properties exactly as they were sent', async () => {
    const [phone, tablet] = await twoDevices('sync.roundtrip@example.org');
    const card =
      'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:Jürgen Ölund\r\n' +
      'N:Ölund;Jürgen;;;\r\nX-MIUI-RINGTONE;X-PARAM=odd:content://media/1\r\nX-CUSTOM-BLOB:a\\,b\\;c\r\n' +
      'TEL;TYPE="cell,voice";PREF=1:tel:+49-151-2345678\r\nEMAIL;TYPE=work:j@example.org\r\n' +
      'NOTE:Line one\\nLine two with a long text that a device folds at seventy-five octets per line, a\r\n  continuation\r\n' +
      'END:VCARD\r\n';
    const event =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Phone//EN\r\nX-WR-CALNAME:Family\r\n' +
      'BEGIN:VEVENT\r\nUID:ev-1@example.org\r\nDTSTAMP:20261120T080000Z\r\nDTSTART:20261125T170000Z\r\n' +
      'DTEND:20261125T183000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=WE\r\nSUMMARY:Choir\r\nX-MIUI-REMINDER:15\r\n' +
      'BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nX-ODD:1\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    await phone.push('contacts', [{ id: 'jo', op: 'upsert', baseVersion: null, data: { vcard: card } }]);
    await phone.push('calendar', [{ id: 'choir', op: 'upsert', baseVersion: null, data: { ics: event } }]);

    for (const category of ['contacts', 'calendar']) {
      PullResponseSchema.parse((await tablet.call('GET', `/api/v1/sync/${category}`)).json());
    }
    const [contact] = live(await tablet.pullAll('contacts'));
    const [item] = live(await tablet.pullAll('calendar'));
    expect(contact?.category === 'contacts' && contact.data.vcard).toBe(card);
    expect(item?.category === 'calendar' && item.data.ics).toBe(event);
    expect(contact).toMatchObject({
      projection: {
        fullName: 'Jürgen Ölund',
        givenName: 'Jürgen',
        familyName: 'Ölund',
        phones: [{ value: '+49-151-2345678', type: 'cell' }],
        emails: [{ value: 'j@example.org', type: 'work' }],
        hasPhoto: false,
      },
    });
    expect(item).toMatchObject({
      projection: {
        summary: 'Choir',
        start: '2026-11-25T17:00:00.000Z',
        end: '2026-11-25T18:30:00.000Z',
        allDay: false,
        recurrence: 'FREQ=WEEKLY;BYDAY=WE',
      },
    });
  });

  it('lets only a registered device sync, and lists devices for the owner', async () => {
    const browser = await owner(test.app, 'sync.devices@example.org', nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect('sync.devices@example.org', 'Phone');
    await phone.push('notes', [{ id: 'a', op: 'upsert', baseVersion: null, data: note('A') }]);

    // A browser is not a device: it cannot register as one.
    const asBrowser = await browser.post('/api/v1/devices', { name: 'x', model: 'y', os: 'z' });
    expect(asBrowser.statusCode).toBe(403);
    expect(asBrowser.json<{ error: { code: string } }>().error.code).toBe('not_a_device');

    const listed = (await browser.get('/api/v1/devices')).json<{
      devices: { id: string; name: string; lastSync: Record<string, string | null>; current: boolean }[];
    }>().devices;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: phone.id, name: 'Phone', current: false });
    expect(listed[0]?.lastSync.notes).toBe(new Date(clock.now()).toISOString());
    expect(listed[0]?.lastSync.contacts).toBeNull();

    // Removing it ends its session: its token stops working at once.
    const removed = await browser.request('DELETE', `/api/v1/devices/${phone.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await phone.call('GET', '/api/v1/sync/notes')).statusCode).toBe(401);
    expect((await browser.get('/api/v1/devices')).json<{ devices: unknown[] }>().devices).toEqual([]);
  });
});
