import { z } from 'zod';

export const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

export const ReadinessCheckSchema = z.object({
  status: z.enum(['ok', 'failing']),
  latencyMs: z.number(),
  error: z.string().optional(),
});

export const ReadinessSchema = z
  .object({
    status: z.enum(['ok', 'failing']),
    checks: z.record(z.string(), ReadinessCheckSchema),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof ReadinessSchema>;
