import { z } from 'zod';
import { CATEGORIES, CategorySchema } from './records.js';

const Label = z.string().trim().min(1).max(100);

/** What a signed-in device tells the server about itself. */
export const RegisterDeviceRequestSchema = z
  .object({
    name: Label.describe('What the owner calls it, e.g. "Anna’s phone"'),
    model: Label.describe('e.g. "Xiaomi 14"'),
    os: Label.describe('e.g. "Android"'),
    osVersion: z.string().trim().max(50).default(''),
    appVersion: z.string().trim().max(50).default(''),
  })
  .meta({ id: 'RegisterDeviceRequest' });
export type RegisterDeviceRequest = z.input<typeof RegisterDeviceRequestSchema>;

export const SyncSwitchesSchema = z
  .object(
    Object.fromEntries(CATEGORIES.map((category) => [category, z.boolean()])) as Record<
      (typeof CATEGORIES)[number],
      z.ZodBoolean
    >,
  )
  .meta({ id: 'SyncSwitches', description: 'Whether each category syncs with this device' });
export type SyncSwitches = z.infer<typeof SyncSwitchesSchema>;

export const UpdateSyncSwitchesSchema = SyncSwitchesSchema.partial()
  .extend({ all: z.boolean().optional().describe('Turns every category on or off; single ones apply after it') })
  .meta({ id: 'UpdateSyncSwitches' });
export type UpdateSyncSwitches = z.infer<typeof UpdateSyncSwitchesSchema>;

export const DeviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    model: z.string(),
    os: z.string(),
    osVersion: z.string(),
    appVersion: z.string(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    /** Whether it holds a stream open now (on any server node), so it gets hints and commands at once. */
    online: z.boolean(),
    sync: SyncSwitchesSchema,
    /** When it last pushed or pulled each category; null when never. */
    lastSync: z.record(CategorySchema, z.iso.datetime().nullable()),
    /** True on the device's own request. */
    current: z.boolean(),
  })
  .meta({ id: 'Device' });
export type Device = z.infer<typeof DeviceSchema>;

export const DeviceResponseSchema = z.object({ device: DeviceSchema }).meta({ id: 'DeviceResponse' });
export const DeviceListSchema = z.object({ devices: z.array(DeviceSchema) }).meta({ id: 'DeviceList' });
export type DeviceList = z.infer<typeof DeviceListSchema>;
export const DeviceParamsSchema = z.object({ id: z.string().max(64) });
