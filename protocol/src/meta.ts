import { z } from 'zod';

/**
 * What the portal and devices learn about a server before signing in: which mode it runs in
 * decides which developer aids (such as the outbox page) exist at all.
 */
export const ServerInfoSchema = z
  .object({
    name: z.literal('Nimbus'),
    version: z.string(),
    mode: z.enum(['local', 'production']),
    publicUrl: z.string(),
  })
  .meta({ id: 'ServerInfo' });
export type ServerInfo = z.infer<typeof ServerInfoSchema>;
