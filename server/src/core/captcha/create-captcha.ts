import type { Config } from '../../config.js';
import { HOUR, type Clock } from '../time.js';
import type { Db } from '../db/database.js';
import type { JobRunner } from '../jobs/index.js';
import { AltchaCaptcha } from './altcha-captcha.js';
import type { Captcha, CaptchaDependencies } from './captcha.js';
import { ImageCaptcha } from './image-captcha.js';
import { OffCaptcha } from './off-captcha.js';

/** Rows outlive their expiry this long, so a node whose clock lags never sees a redeemed challenge vanish early. */
const PURGE_GRACE_MS = HOUR;
export const PURGE_EXPIRED_CAPTCHAS = 'maintenance.purge-expired-captchas';

/** The captcha the configuration asks for. Refuses 'off' in production, even if config let it through. */
export function createCaptcha(config: Pick<Config, 'captcha' | 'mode'>, deps: CaptchaDependencies): Captcha {
  switch (config.captcha) {
    case 'altcha':
      return new AltchaCaptcha(deps);
    case 'image':
      return new ImageCaptcha(deps);
    case 'off':
      if (config.mode === 'production') throw new Error('captcha "off" is for local development only');
      return new OffCaptcha(deps.log);
  }
}

/** Deletes redeemed ALTCHA challenges and image challenges past their expiry. Returns how many went. */
export async function purgeExpiredCaptchas(db: Db, clock: Clock): Promise<number> {
  const before = clock.now() - PURGE_GRACE_MS;
  const redemptions = await db.deleteFrom('captcha_redemptions').where('expires_at', '<', before).executeTakeFirst();
  const images = await db.deleteFrom('captcha_images').where('expires_at', '<', before).executeTakeFirst();
  return Number(redemptions.numDeletedRows) + Number(images.numDeletedRows);
}

/** Defines the purge job and runs it every 15 minutes; call before runner.start(). */
export async function scheduleCaptchaPurge(runner: JobRunner, deps: { db: Db; clock: Clock }): Promise<void> {
  runner.define({
    name: PURGE_EXPIRED_CAPTCHAS,
    queue: 'maintenance',
    async run(_payload, context) {
      const removed = await purgeExpiredCaptchas(deps.db, deps.clock);
      if (removed > 0) context.log.info({ removed }, 'purged expired captcha challenges');
    },
  });
  await runner.schedule(PURGE_EXPIRED_CAPTCHAS, '*/15 * * * *');
}
