import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  lastMessageTo,
  owner,
  PASSWORD,
  sixDigitCode,
  type TestApp,
  type TestBrowser,
  TestDevice,
  testDialects,
} from '../../test/index.js';

let ipCounter = 0;
const nextIp = () => `10.41.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const codeOf = (response: LightMyRequestResponse) => response.json<{ error: { code: string } }>().error.code;

interface Listed {
  id: string;
  kind: string;
  current: boolean;
}

/**
 * A phone's token syncs and obeys, but cannot run the account (issue 11, item 4): each action that
 * manages the account answers a device 403 portal_only and changes nothing, while the owner's web
 * session still does it.
 */
describe.each(testDialects())('what a device token may not do on %s', (dialect) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ dialect, runJobs: false, env: { NIMBUS_CAPTCHA: 'off' } });
  });
  afterAll(() => test.close());

  async function family(email: string) {
    const browser = await owner(test.app, email, nextIp());
    const phone = await new TestDevice(test.app, nextIp()).connect(email, 'Phone');
    const tablet = await new TestDevice(test.app, nextIp()).connect(email, 'Tablet');
    const sessions = (await browser.get('/api/v1/sessions')).json<{ sessions: Listed[] }>().sessions;
    const web = sessions.find((session) => session.current);
    if (web === undefined) throw new Error('the browser does not see its own session');
    return { browser, phone, tablet, webSessionId: web.id, sessions };
  }

  const refused = (response: LightMyRequestResponse, what: string) => {
    expect(response.statusCode, what).toBe(403);
    expect(codeOf(response), what).toBe('portal_only');
  };

  async function stillSignedIn(browser: TestBrowser, ...devices: TestDevice[]) {
    expect((await browser.get('/api/v1/session')).statusCode).toBe(200);
    for (const device of devices) expect((await device.call('GET', '/api/v1/session')).statusCode).toBe(200);
  }

  it('sessions: a device neither lists them, nor signs the owner or another device out', async () => {
    const { browser, phone, tablet, webSessionId, sessions } = await family('scope.sessions@example.org');
    expect(sessions).toHaveLength(3);
    const tabletSession = sessions.find((session) => session.kind === 'device' && !session.current);
    if (tabletSession === undefined) throw new Error('no device session listed');

    refused(await phone.call('GET', '/api/v1/sessions'), 'list');
    // In a loop, this used to keep the owner out of the portal.
    refused(await phone.call('DELETE', `/api/v1/sessions/${webSessionId}`), 'revoke the web session');
    refused(await phone.call('POST', '/api/v1/sessions/revoke-others'), 'revoke others');
    await stillSignedIn(browser, phone, tablet);

    // The owner still does each of them in the portal.
    const listed = (await browser.get('/api/v1/sessions')).json<{ sessions: Listed[] }>().sessions;
    expect(listed).toHaveLength(3);
    expect((await browser.request('DELETE', `/api/v1/sessions/${tabletSession.id}`)).statusCode).toBe(204);
    expect((await browser.post('/api/v1/sessions/revoke-others')).json<{ revoked: number }>().revoked).toBe(1);
    expect((await phone.call('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await browser.get('/api/v1/session')).statusCode).toBe(200);
  });

  it('password, e-mail, profile and security activity: refused to a device, done by the portal', async () => {
    const email = 'scope.password@example.org';
    const { browser, phone } = await family(email);
    const newPassword = 'Another-walk-43';
    refused(
      await phone.call('POST', '/api/v1/account/password', { currentPassword: PASSWORD, newPassword }),
      'password',
    );
    refused(
      await phone.call('POST', '/api/v1/account/identifiers', {
        kind: 'email',
        value: 'thief@example.org',
        password: PASSWORD,
      }),
      'change the e-mail',
    );
    refused(
      await phone.call('POST', '/api/v1/account/identifiers/confirm', { challengeId: 'x', code: '123456' }),
      'confirm an e-mail',
    );
    refused(await phone.call('PATCH', '/api/v1/account', { displayName: 'Thief' }), 'profile');
    refused(await phone.call('GET', '/api/v1/account/security-events'), 'security activity');
    expect(await test.app.modules.accounts.resolveAccessToken(phone.accessToken)).not.toBeNull();

    // Nothing changed: the e-mail got no code, the name is not the thief's, and the old password signs in.
    expect((await lastMessageTo(test.app, 'thief@example.org').catch(() => null))?.text).toBeUndefined();
    const account = (await browser.get('/api/v1/session')).json<{ account: { displayName: string | null } }>().account;
    expect(account.displayName).not.toBe('Thief');
    const again = await new TestDevice(test.app, nextIp()).connect(email, 'Laptop', { register: false });
    expect(again.accessToken).not.toBe('');

    // The portal does each of them.
    expect((await browser.request('PATCH', '/api/v1/account', { displayName: 'Anna' })).statusCode).toBe(200);
    expect((await browser.get('/api/v1/account/security-events')).statusCode).toBe(200);
    const change = await browser.post('/api/v1/account/identifiers', {
      kind: 'email',
      value: 'scope.password.new@example.org',
      password: PASSWORD,
    });
    expect(change.statusCode).toBe(202);
    const { challengeId } = change.json<{ challengeId: string }>();
    const code = sixDigitCode((await lastMessageTo(test.app, 'scope.password.new@example.org')).text);
    expect((await browser.post('/api/v1/account/identifiers/confirm', { challengeId, code })).statusCode).toBe(200);
    expect(
      (await browser.post('/api/v1/account/password', { currentPassword: PASSWORD, newPassword })).statusCode,
    ).toBe(204);
  });

  it('deletion: a device cannot start, confirm or cancel it; the portal can', async () => {
    const { browser, phone } = await family('scope.deletion@example.org');
    refused(await phone.call('GET', '/api/v1/account/deletion/destinations'), 'destinations');
    refused(await phone.call('POST', '/api/v1/account/deletion/code', {}), 'deletion code');
    refused(
      await phone.call('POST', '/api/v1/account/deletion', { password: PASSWORD, challengeId: 'x', code: '123456' }),
      'delete',
    );
    refused(await phone.call('DELETE', '/api/v1/account/deletion'), 'cancel deletion');
    const state = (await browser.get('/api/v1/session')).json<{ account: { status: string } }>().account;
    expect(state.status).toBe('active');
    expect((await browser.get('/api/v1/account/deletion/destinations')).statusCode).toBe(200);
    expect((await browser.post('/api/v1/account/deletion/code', {})).statusCode).toBe(200);
  });

  it('sync switches: a device cannot switch on what the owner switched off, nor touch another device', async () => {
    const { browser, phone, tablet } = await family('scope.switches@example.org');
    const syncOf = (response: LightMyRequestResponse) =>
      response.json<{ device: { sync: Record<string, boolean> } }>().device.sync;

    // The owner switches messages off for the phone; the phone cannot switch them on again.
    expect(
      syncOf(await browser.request('PATCH', `/api/v1/devices/${phone.id}/sync`, { messages: false })),
    ).toMatchObject({ messages: false });
    const back = await phone.call('PATCH', '/api/v1/devices/current/sync', { messages: true, notes: false });
    refused(back, 'switch on what the owner switched off');
    expect(back.json<{ error: { details: unknown } }>().error.details).toEqual({ categories: ['messages'] });
    // Refused whole: notes did not go off either.
    const now = syncOf(await phone.call('GET', '/api/v1/devices/current'));
    expect(now).toMatchObject({ messages: false, notes: true });
    expect(codeOf(await phone.call('GET', '/api/v1/sync/messages'))).toBe('category_disabled');
    // Nor by "all", nor does switching it off again take the owner's lock away.
    refused(await phone.call('PATCH', '/api/v1/devices/current/sync', { all: true }), 'all on');
    expect((await phone.call('PATCH', '/api/v1/devices/current/sync', { messages: false })).statusCode).toBe(200);
    refused(await phone.call('PATCH', '/api/v1/devices/current/sync', { messages: true }), 'on after own off');

    // What the phone switched off itself, it may switch on again.
    expect((await phone.call('PATCH', '/api/v1/devices/current/sync', { notes: false })).statusCode).toBe(200);
    expect(syncOf(await phone.call('PATCH', '/api/v1/devices/current/sync', { notes: true }))).toMatchObject({
      notes: true,
    });
    // Another device is neither switched nor removed by a phone.
    expect((await phone.call('PATCH', `/api/v1/devices/${tablet.id}/sync`, { all: false })).statusCode).toBe(403);
    expect((await phone.call('DELETE', `/api/v1/devices/${tablet.id}`)).statusCode).toBe(403);
    expect((await tablet.call('GET', '/api/v1/sync/contacts')).statusCode).toBe(200);

    // The owner switches it on again.
    expect(
      syncOf(await browser.request('PATCH', `/api/v1/devices/${phone.id}/sync`, { messages: true })),
    ).toMatchObject({ messages: true });
    expect((await phone.call('GET', '/api/v1/sync/messages')).statusCode).toBe(200);
  });

  it('a device still syncs, refreshes, sees itself and signs itself out', async () => {
    const { browser, phone } = await family('scope.allowed@example.org');
    expect((await phone.call('GET', '/api/v1/sync/contacts')).statusCode).toBe(200);
    expect((await phone.call('GET', '/api/v1/devices/events?wait=0')).statusCode).toBe(200);
    expect((await phone.call('GET', '/api/v1/devices/current')).statusCode).toBe(200);
    await phone.refresh();
    expect((await phone.call('GET', '/api/v1/session')).statusCode).toBe(200);
    expect((await phone.call('DELETE', '/api/v1/sessions/current')).statusCode).toBe(204);
    expect((await phone.call('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await browser.get('/api/v1/session')).statusCode).toBe(200);
  });
});
