import type { TFunction } from 'i18next';

/** Phone and tablet systems, as the server's user-agent parser names them ("Android 14", "iOS 17.5"). */
const MOBILE_OS = /android|ios|iphone|ipad|harmony/i;

/** Whether a system name is a phone's or a tablet's, to draw a phone rather than a computer. */
export function isMobileOs(os: string | null): boolean {
  return MOBILE_OS.test(os ?? '');
}

/**
 * "Chrome 126 on Windows 10" from what the server made of a User-Agent; the browser or the system
 * alone when only one is known, null when neither is. Shared by "Sessions and devices" and
 * "Security activity" so a device reads the same on both.
 */
export function deviceName(t: TFunction, browser: string | null, os: string | null): string | null {
  if (browser !== null && os !== null) return t('sessions.browserOn', { browser, os });
  return browser ?? os;
}
