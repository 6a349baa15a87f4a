import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';

const SECRET_FILE = 'secret.key';

/**
 * The server's own secret, for HMACs of short-lived things (captcha challenges). NIMBUS_SECRET
 * when set (several nodes must share it); otherwise made once, at first start, and kept in the
 * data folder readable by the owner only, so it survives restarts.
 */
export async function loadServerSecret(config: Pick<Config, 'secret' | 'dataDir'>): Promise<string> {
  if (config.secret !== null) return config.secret;
  const file = path.join(config.dataDir, SECRET_FILE);
  await fs.mkdir(config.dataDir, { recursive: true });
  // Written whole to a temp file, then linked into place: link fails if another process got
  // there first, and nobody ever reads a half-written secret. Both then read the same one.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temp, randomBytes(32).toString('base64url'), { mode: 0o600 });
  try {
    await fs.link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
  return (await fs.readFile(file, 'utf8')).trim();
}
