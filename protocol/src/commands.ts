import { z } from 'zod';
import { CategorySchema } from './records.js';

export const COMMAND_STATUSES = ['pending', 'delivered', 'done', 'failed', 'expired'] as const;

/** What a device is asked to do; more kinds come with Find Device. */
export const DeviceCommandSchema = z
  .discriminatedUnion('kind', [
    z.object({
      id: z.string(),
      kind: z.literal('send_sms'),
      createdAt: z.iso.datetime(),
      expiresAt: z.iso.datetime(),
      payload: z.object({
        /** The id of the message record the portal created; report its outcome under it. */
        messageId: z.string(),
        address: z.string(),
        body: z.string(),
      }),
    }),
  ])
  .meta({ id: 'DeviceCommand' });
export type DeviceCommand = z.infer<typeof DeviceCommandSchema>;

/** Server → device over the stream (WebSocket frames as JSON, or the long-poll answer). */
export const StreamEventSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('hello'), deviceId: z.string() }),
    /** Something changed in a category: pull it now. */
    z.object({ type: z.literal('sync'), category: CategorySchema }),
    z.object({ type: z.literal('command'), command: DeviceCommandSchema }),
  ])
  .meta({ id: 'StreamEvent' });
export type StreamEvent = z.infer<typeof StreamEventSchema>;

export const PollQuerySchema = z.object({
  wait: z.coerce.number().int().min(0).max(60).default(25).describe('Seconds to hold the request open'),
});
export const PollResponseSchema = z
  .object({ events: z.array(StreamEventSchema) })
  .meta({ id: 'PollResponse', description: 'Long-poll fallback of the stream' });

export const CommandResultRequestSchema = z
  .object({
    status: z.enum(['done', 'failed']),
    /** Why it failed, in the device's words. */
    error: z.string().max(500).optional(),
  })
  .meta({ id: 'CommandResultRequest' });
export type CommandResultRequest = z.infer<typeof CommandResultRequestSchema>;

export const CommandParamsSchema = z.object({ id: z.string().max(64) });

export const SendMessageRequestSchema = z
  .object({
    deviceId: z.string().max(64).describe('The phone that sends it'),
    address: z.string().trim().min(1).max(64),
    body: z.string().min(1).max(10_000),
  })
  .meta({ id: 'SendMessageRequest' });
export type SendMessageRequest = z.infer<typeof SendMessageRequestSchema>;
