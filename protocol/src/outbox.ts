import { z } from 'zod';

export const OutboxChannelSchema = z.enum(['mail', 'sms']);
export type OutboxChannel = z.infer<typeof OutboxChannelSchema>;

/** A message Nimbus would have sent had mail or SMS delivery been configured. */
export const OutboxMessageSchema = z
  .object({
    id: z.string(),
    channel: OutboxChannelSchema,
    recipient: z.string(),
    subject: z.string().nullable(),
    text: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'OutboxMessage' });
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export const OutboxListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  channel: OutboxChannelSchema.optional(),
});

export const OutboxListSchema = z.object({ messages: z.array(OutboxMessageSchema) }).meta({ id: 'OutboxList' });
export type OutboxList = z.infer<typeof OutboxListSchema>;
