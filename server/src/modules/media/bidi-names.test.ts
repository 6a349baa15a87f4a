import { NoteDataSchema, type Folder, type MediaItem } from '@nimbus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jpeg, owner, putFile, type TestApp, TestDevice, testDialects } from '../../test/index.js';
import { ManualClock } from '../../core/time.js';

let ipCounter = 0;
const nextIp = () => `10.34.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
/** Right-to-left override: "invoice‮fdp.exe" shows as "invoiceexe.pdf". */
const RLO = '\u202e';

describe.each(testDialects())('names with bidirectional controls on %s', (dialect) => {
  let test: TestApp;
  let phone: TestDevice;
  beforeAll(async () => {
    test = await createTestApp({
      dialect,
      clock: new ManualClock(Date.UTC(2026, 11, 8, 9, 0)),
      runJobs: false,
      env: { NIMBUS_CAPTCHA: 'off' },
    });
    await owner(test.app, 'bidi@example.org', nextIp());
    phone = await new TestDevice(test.app, nextIp()).connect('bidi@example.org', 'Phone');
  });
  afterAll(() => test.close());

  it('drops them from file names, so a name shows what the file is', async () => {
    const response = await putFile(phone, await jpeg(64, 48, 1), { section: 'files', name: `invoice${RLO}fdp.exe` });
    expect(response.statusCode, response.body).toBe(201);
    const { item } = response.json<{ item: MediaItem }>();
    expect(item.name).toBe('invoicefdp.exe');
    const download = await phone.call('GET', `/api/v1/media/items/${item.id}/content`);
    expect(String(download.headers['content-disposition'])).not.toMatch(/%E2%80%AE/i);
  });

  it('drops them from the download name of a file stored before names were cleaned', async () => {
    const response = await putFile(phone, await jpeg(64, 48, 3), { section: 'files', name: 'old.exe' });
    const { item } = response.json<{ item: MediaItem }>();
    await test.app.nimbus.database.db
      .updateTable('media_items')
      .set({ name: `old${RLO}gpj.exe` })
      .where('id', '=', item.id)
      .execute();
    const download = await phone.call('GET', `/api/v1/media/items/${item.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(String(download.headers['content-disposition'])).toContain("filename*=UTF-8''oldgpj.exe");
  });

  it('drops them from folder names and album labels, and refuses a name made of nothing else', async () => {
    const created = await phone.call('POST', '/api/v1/media/folders', { name: '\u2067Holiday\u2069 \u200fphotos' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<{ folder: Folder }>().folder.name).toBe('Holiday photos');
    const empty = await phone.call('POST', '/api/v1/media/folders', { name: '\u202a\u202b\u202c\u202d\u200e' });
    expect(empty.statusCode).toBe(400);

    const inAlbum = await putFile(phone, await jpeg(64, 48, 2), {
      section: 'gallery',
      name: 'beach.jpg',
      album: `\u202dCamera${RLO}`,
    });
    expect(inAlbum.statusCode, inAlbum.body).toBe(201);
    expect(inAlbum.json<{ item: MediaItem }>().item.album).toBe('Camera');
  });

  it('drops them from note folders', () => {
    const note = NoteDataSchema.parse({
      title: 'x',
      body: 'y',
      folder: `Work${RLO}`,
      updatedAt: '2026-12-08T09:00:00Z',
    });
    expect(note.folder).toBe('Work');
  });
});
