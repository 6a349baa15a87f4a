import type { SecurityEvent } from '@nimbus/protocol';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en, ru } from '../../locales/index';
import { describeSecurityEvent } from './security-event-kind';

/** Every kind the server records today (server/src/modules/accounts/accounts.tables.ts). */
const KNOWN_TYPES = [
  'account_created',
  'account_activated',
  'signed_in',
  'new_device_verified',
  'sign_in_failed',
  'account_locked',
  'signed_out',
  'session_revoked',
  'refresh_token_reused',
  'deletion_requested',
  'deletion_cancelled',
  'password_changed',
  'password_recovered',
  'email_changed',
  'phone_changed',
  'contact_added',
];

const i18n = i18next.createInstance();
const event = (type: string, details: SecurityEvent['details'] = null): SecurityEvent => ({
  id: '0190a1b2-0000-7000-8000-000000000001',
  type,
  ip: '203.0.113.9',
  device: { browser: 'Firefox 128', os: 'Ubuntu' },
  createdAt: '2026-11-22T09:00:00.000Z',
  details,
});
const day = (instant: string) => instant.slice(0, 10);
const say = (type: string, details: SecurityEvent['details'] = null, lng = 'en') =>
  describeSecurityEvent(i18n.getFixedT(lng), event(type, details), day).text;

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, ru: { translation: ru } },
    lng: 'en',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});

describe('security activity sentences', () => {
  it('give every kind the server records a sentence of its own', () => {
    const other = en.securityActivity.events.other;
    const sentences = KNOWN_TYPES.map((type) => say(type));
    for (const [index, sentence] of sentences.entries()) expect(sentence, KNOWN_TYPES[index]).not.toBe(other);
    expect(new Set(sentences).size).toBe(KNOWN_TYPES.length);
  });

  it('say how a new device or a reset was proved', () => {
    expect(say('new_device_verified', { channel: 'email' })).toBe(en.securityActivity.events.newDeviceByEmail);
    expect(say('new_device_verified', { channel: 'phone' })).toBe(en.securityActivity.events.newDeviceBySms);
    expect(say('password_recovered', { channel: 'phone' })).toBe(en.securityActivity.events.passwordRecoveredBySms);
  });

  it('use the details: lock minutes, sessions signed out, deletion date, the masked address', () => {
    expect(say('account_locked', { minutes: 15 })).toBe(
      'Signing in was locked for 15 minutes after too many wrong passwords',
    );
    expect(say('account_locked', { minutes: 21 }, 'ru')).toBe(
      'Вход заблокирован на 21 минуту после множества неверных паролей',
    );
    expect(say('session_revoked', { count: 3 })).toBe('3 other sessions were signed out');
    expect(say('session_revoked', { count: 0 })).toBe(en.securityActivity.events.noOtherSessions);
    expect(say('session_revoked')).toBe(en.securityActivity.events.sessionRevoked);
    expect(say('deletion_requested', { dueAt: '2026-11-29T09:00:00.000Z' })).toBe(
      'Account deletion requested: the account will be deleted on 2026-11-29',
    );
    expect(say('email_changed', { kind: 'email', value: 'an***@example.org' })).toBe(
      'E-mail address changed to an***@example.org',
    );
    expect(say('contact_added', { kind: 'phone', value: '+49 *** ****67' })).toBe('Phone number +49 *** ****67 added');
  });

  it('still show a kind this portal does not know yet', () => {
    const look = describeSecurityEvent(i18n.getFixedT('en'), event('passkey_added'), day);
    expect(look.text).toBe(en.securityActivity.events.other);
    expect(look.icon).toBeDefined();
  });
});
