import type { SecurityEvent } from '@nimbus/protocol';
import type { MantineColor } from '@mantine/core';
import {
  IconAddressBook,
  IconCircleCheck,
  IconDeviceMobileCheck,
  IconKey,
  IconLifebuoy,
  IconLock,
  IconLogin,
  IconLogout,
  IconMail,
  IconPhone,
  IconRestore,
  IconShield,
  IconShieldExclamation,
  IconShieldX,
  IconTrash,
  IconUserPlus,
  type Icon,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';

export interface EventLook {
  /** One sentence saying what happened, in the portal's language. */
  text: string;
  icon: Icon;
  /** Red or orange for what the owner should look at twice; calm colours for the rest. */
  color: MantineColor;
}

type Details = NonNullable<SecurityEvent['details']>;

const text = (details: Details, key: string): string | null => {
  const value = details[key];
  return typeof value === 'string' && value !== '' ? value : null;
};
const count = (details: Details, key: string): number | null => {
  const value = details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/**
 * How "Security activity" shows each kind of event. The server may add kinds later (the type is a
 * string on purpose); one this portal does not know yet still gets a sentence and an icon.
 */
export function describeSecurityEvent(
  t: TFunction,
  event: SecurityEvent,
  formatDate: (instant: string) => string,
): EventLook {
  const details: Details = event.details ?? {};
  const channel = text(details, 'channel');
  switch (event.type) {
    case 'account_created':
      return { text: t('securityActivity.events.accountCreated'), icon: IconUserPlus, color: 'nimbus' };
    case 'account_activated':
      return { text: t('securityActivity.events.accountActivated'), icon: IconCircleCheck, color: 'teal.8' };
    case 'signed_in':
      return { text: t('securityActivity.events.signedIn'), icon: IconLogin, color: 'nimbus' };
    case 'sign_in_failed':
      return { text: t('securityActivity.events.signInFailed'), icon: IconShieldX, color: 'orange.9' };
    case 'new_device_verified':
      return {
        text:
          channel === 'email'
            ? t('securityActivity.events.newDeviceByEmail')
            : channel === 'phone'
              ? t('securityActivity.events.newDeviceBySms')
              : t('securityActivity.events.newDevice'),
        icon: IconDeviceMobileCheck,
        color: 'nimbus',
      };
    case 'account_locked':
      return {
        text: t('securityActivity.events.accountLocked', { count: count(details, 'minutes') ?? 15 }),
        icon: IconLock,
        color: 'red.8',
      };
    case 'signed_out':
      return { text: t('securityActivity.events.signedOut'), icon: IconLogout, color: 'gray' };
    case 'session_revoked': {
      // With a count it was "sign out all other sessions"; without, one session picked from the list.
      const revoked = count(details, 'count');
      return {
        text:
          revoked === null
            ? t('securityActivity.events.sessionRevoked')
            : revoked === 0
              ? t('securityActivity.events.noOtherSessions')
              : t('securityActivity.events.otherSessionsRevoked', { count: revoked }),
        icon: IconLogout,
        color: 'gray',
      };
    }
    case 'refresh_token_reused':
      return { text: t('securityActivity.events.tokenReused'), icon: IconShieldExclamation, color: 'red.8' };
    case 'password_changed':
      return { text: t('securityActivity.events.passwordChanged'), icon: IconKey, color: 'nimbus' };
    case 'password_recovered':
      return {
        text:
          channel === 'email'
            ? t('securityActivity.events.passwordRecoveredByEmail')
            : channel === 'phone'
              ? t('securityActivity.events.passwordRecoveredBySms')
              : t('securityActivity.events.passwordRecovered'),
        icon: IconLifebuoy,
        color: 'orange.9',
      };
    case 'deletion_requested': {
      const dueAt = text(details, 'dueAt');
      return {
        text:
          dueAt === null || Number.isNaN(Date.parse(dueAt))
            ? t('securityActivity.events.deletionRequested')
            : t('securityActivity.events.deletionRequestedUntil', { date: formatDate(dueAt) }),
        icon: IconTrash,
        color: 'red.8',
      };
    }
    case 'deletion_cancelled':
      return { text: t('securityActivity.events.deletionCancelled'), icon: IconRestore, color: 'teal.8' };
    case 'email_changed':
    case 'phone_changed':
    case 'contact_added':
      return describeContactEvent(t, event.type, details);
    default:
      return { text: t('securityActivity.events.other'), icon: IconShield, color: 'gray' };
  }
}

/** An e-mail address or phone number added or replaced; the server sends the new one masked. */
function describeContactEvent(
  t: TFunction,
  type: 'email_changed' | 'phone_changed' | 'contact_added',
  details: Details,
): EventLook {
  const value = text(details, 'value');
  const phone = type === 'phone_changed' || (type === 'contact_added' && text(details, 'kind') === 'phone');
  const icon = type === 'contact_added' ? IconAddressBook : phone ? IconPhone : IconMail;
  if (type === 'contact_added') {
    const sentence = phone
      ? value === null
        ? t('securityActivity.events.phoneAdded')
        : t('securityActivity.events.phoneAddedValue', { value })
      : value === null
        ? t('securityActivity.events.emailAdded')
        : t('securityActivity.events.emailAddedValue', { value });
    return { text: sentence, icon, color: 'nimbus' };
  }
  const sentence = phone
    ? value === null
      ? t('securityActivity.events.phoneChanged')
      : t('securityActivity.events.phoneChangedValue', { value })
    : value === null
      ? t('securityActivity.events.emailChanged')
      : t('securityActivity.events.emailChangedValue', { value });
  return { text: sentence, icon, color: 'orange.9' };
}
