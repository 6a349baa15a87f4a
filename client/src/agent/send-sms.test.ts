import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListFile } from '../sync/formats/list-file.js';
import { recordSentMessage, type SendSmsCommand } from './send-sms.js';

const command = (messageId: string, body = 'Running late'): SendSmsCommand => ({
  id: `cmd-${messageId}`,
  kind: 'send_sms',
  createdAt: '2026-11-22T09:00:00.000Z',
  expiresAt: '2026-11-23T09:00:00.000Z',
  payload: { messageId, address: '+49 151 2345678', body },
});

describe('a send_sms command in the folder', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nimbus-send-sms-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  const messages = async () => JSON.parse(await fs.readFile(path.join(dir, 'messages.json'), 'utf8')) as unknown[];

  it('appends the message as sent, once, however often the command comes', async () => {
    const now = new Date('2026-11-22T09:00:05.000Z');
    expect(await recordSentMessage(dir, command('m1'), now)).toBe('appended');
    const written = await fs.readFile(path.join(dir, 'messages.json'), 'utf8');
    expect(JSON.parse(written)).toEqual([
      {
        id: 'm1',
        address: '+49 151 2345678',
        body: 'Running late',
        time: '2026-11-22T09:00:05.000Z',
        direction: 'out',
        read: true,
        status: 'sent',
        error: null,
      },
    ]);
    expect(await recordSentMessage(dir, command('m1'), new Date('2026-11-22T09:10:00.000Z'))).toBe('already-sent');
    expect(await fs.readFile(path.join(dir, 'messages.json'), 'utf8')).toBe(written);
  });

  it('turns a queued copy brought by a sync into sent, keeping its time and the other messages', async () => {
    const queued = {
      id: 'm2',
      address: '+49 151 2345678',
      body: 'Running late',
      time: '2026-11-22T08:59:59.123Z',
      direction: 'out',
      read: true,
      status: 'queued',
      error: null,
    };
    const earlier = { ...queued, id: 'm0', body: 'Hello', time: '2026-11-21T08:00:00.000Z', status: 'delivered' };
    await fs.writeFile(path.join(dir, 'messages.json'), JSON.stringify([queued, earlier]));
    expect(await recordSentMessage(dir, command('m2'), new Date('2026-11-22T09:30:00.000Z'))).toBe('marked-sent');
    expect(await messages()).toEqual([earlier, { ...queued, status: 'sent' }]);
    // What the server makes of it on the report ({ ...queued, status: 'sent' }) is the same content.
    const file = new ListFile(dir, 'messages');
    const [, local] = (await file.read()) ?? [];
    const server = file.fromServer('m2', {
      address: queued.address,
      body: queued.body,
      time: queued.time,
      direction: 'out',
      read: true,
      status: 'sent',
      error: null,
    });
    expect(local !== undefined && file.sameContent(local, server)).toBe(true);
  });

  it('fails without touching a messages.json it cannot read', async () => {
    await fs.writeFile(path.join(dir, 'messages.json'), '[{"address": ');
    await expect(recordSentMessage(dir, command('m3'), new Date())).rejects.toThrow(/messages\.json is not valid JSON/);
    expect(await fs.readFile(path.join(dir, 'messages.json'), 'utf8')).toBe('[{"address": ');
  });
});
