import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const CredentialsSchema = z.object({
  server: z.string(),
  accountNumber: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  deviceToken: z.string(),
});
export type Credentials = z.infer<typeof CredentialsSchema>;

/** Where the CLI keeps its tokens: $NIMBUS_CONFIG_DIR, else the user's config folder. */
export function credentialsFile(): string {
  const base =
    process.env.NIMBUS_CONFIG_DIR ??
    path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'nimbus');
  return path.join(base, 'credentials.json');
}

/** Saves tokens readable by the user only (0600), replacing the file whole so a crash leaves the old one. */
export async function saveCredentials(credentials: Credentials): Promise<string> {
  const file = credentialsFile();
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  await fs.rename(temp, file);
  return file;
}

export async function loadCredentials(): Promise<Credentials | null> {
  try {
    return CredentialsSchema.parse(JSON.parse(await fs.readFile(credentialsFile(), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
