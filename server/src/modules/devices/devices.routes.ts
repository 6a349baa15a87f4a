import {
  DeviceListSchema,
  DeviceParamsSchema,
  DeviceResponseSchema,
  RegisterDeviceRequestSchema,
  UpdateSyncSwitchesSchema,
} from '@nimbus/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireAuth } from '../../core/auth/index.js';
import type { DevicesService } from './devices.service.js';

const tags = ['devices'];

/** Devices: a phone registers itself; the owner lists, removes and sets what each one syncs. */
export function devicesRoutes(devices: DevicesService): FastifyPluginAsyncZod {
  return (app) => {
    app.addHook('onRequest', requireAuth({ via: ['web', 'device'] }));
    app.post(
      '/api/v1/devices',
      {
        schema: {
          tags,
          summary: 'Register the calling device (a device session, after sign-in and its code)',
          body: RegisterDeviceRequestSchema,
          response: { 200: DeviceResponseSchema },
        },
      },
      async (request) => ({ device: await devices.register(principalOf(request), request.body) }),
    );

    app.get(
      '/api/v1/devices',
      { schema: { tags, summary: 'The account’s devices', response: { 200: DeviceListSchema } } },
      async (request) => ({ devices: await devices.list(principalOf(request)) }),
    );

    app.get(
      '/api/v1/devices/:id',
      {
        schema: {
          tags,
          summary: 'One device; "current" is the calling device',
          params: DeviceParamsSchema,
          response: { 200: DeviceResponseSchema },
        },
      },
      async (request) => ({ device: await devices.get(principalOf(request), request.params.id) }),
    );

    app.patch(
      '/api/v1/devices/:id/sync',
      {
        schema: {
          tags,
          summary:
            'Switch categories on or off for a device; "current" is the calling device, which cannot switch on what the owner switched off (portal_only)',
          params: DeviceParamsSchema,
          body: UpdateSyncSwitchesSchema,
          response: { 200: DeviceResponseSchema },
        },
      },
      async (request) => ({
        device: await devices.updateSwitches(principalOf(request), request.params.id, request.body),
      }),
    );

    app.delete(
      '/api/v1/devices/:id',
      {
        schema: {
          tags,
          summary: 'Remove a device: its tokens stop working and it syncs no more',
          params: DeviceParamsSchema,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await devices.remove(principalOf(request), request.params.id, request);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
}
