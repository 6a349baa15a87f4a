// Brings the `websocket` route option and socket handler types into Fastify's.
import type {} from '@fastify/websocket';
import {
  CommandParamsSchema,
  CommandResultRequestSchema,
  PollQuerySchema,
  PollResponseSchema,
  type StreamEvent,
} from '@nimbus/protocol';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireAuth, requireDevice, type PrincipalDevice } from '../../core/auth/index.js';
import type { Bus } from '../../core/bus/index.js';
import { AppError, unauthorized } from '../../core/errors.js';
import type { AccountsApi } from '../accounts/index.js';
import { accountDevicesChannel, type CommandsService, type DeviceSignal } from './commands.service.js';
import type { DevicesService } from './devices.service.js';

const tags = ['devices'];
const PING_MS = 30_000;
/** A device counts as online this long after its stream last proved alive. */
const ONLINE_MS = 3 * PING_MS;
/**
 * Long polls one device may hold open at once on a node. One is all a device needs (two while a
 * lost one times out); each holds a socket and a bus subscription, so a stolen token must not open
 * thousands. The next one is refused (429) rather than the oldest ended: ending it would let a
 * misbehaving client starve the real one.
 */
export const MAX_POLLS_PER_DEVICE = 4;

export interface StreamDeps {
  devices: DevicesService;
  commands: CommandsService;
  accounts: AccountsApi;
  bus: Bus;
}

/** The events a signal means for one device, if any. */
async function eventsFor(
  signal: DeviceSignal,
  device: PrincipalDevice,
  commands: CommandsService,
): Promise<StreamEvent[]> {
  if (signal.type === 'removed') return [];
  if (signal.type === 'sync') {
    return signal.originDeviceId === device.id ? [] : [{ type: 'sync', category: signal.category }];
  }
  return signal.deviceId === device.id ? commands.deliver(device) : [];
}

/**
 * The channel from the server to a device: a WebSocket at /api/v1/devices/stream (Bearer token in
 * the upgrade request), or long polls of /api/v1/devices/events where WebSockets cannot pass.
 * It carries "sync now" hints and commands; the device reports each command's outcome over REST.
 */
export function streamRoutes({ devices, commands, accounts, bus }: StreamDeps): FastifyPluginAsyncZod {
  /** This node's stream of each device: a new connection replaces the old one. */
  const streams = new Map<string, { close(code: number, reason: string): void }>();
  /** This node's open long polls, by device. */
  const polls = new Map<string, number>();

  return (app) => {
    // Refused before a WebSocket upgrade, as a plain HTTP answer in the usual error shape.
    const deviceOnly = requireAuth({ via: ['device'], registeredDevice: true });
    const callingDevice = (request: Parameters<typeof principalOf>[0]) => requireDevice(principalOf(request));

    /** Still signed in and not removed: checked at every ping, so a revoked device loses its stream. */
    async function stillAllowed(device: PrincipalDevice): Promise<boolean> {
      return (await accounts.isLive(device.sessionId)) && (await devices.exists(device));
    }

    app.get(
      '/api/v1/devices/stream',
      {
        websocket: true,
        schema: {
          tags,
          summary: 'WebSocket: sync hints and commands for the calling device (JSON StreamEvent frames)',
        },
        onRequest: deviceOnly,
      },
      async (socket, request) => {
        const device = callingDevice(request);
        streams.get(device.id)?.close(4000, 'replaced by a newer connection');
        streams.set(device.id, socket);
        // Filled once subscribed; the close handler may run before that.
        const subscription: { stop?: () => Promise<void> } = {};
        let alive = true;
        const markOnline = (until: number | null) => {
          devices.markStream(device, until).catch((error: unknown) => {
            request.log.warn({ err: error }, 'could not record a device stream');
          });
        };
        // Every way out runs this, even while the subscription below is still being made.
        const ping = setInterval(() => {
          if (!alive) {
            socket.terminate();
            return;
          }
          alive = false;
          socket.ping();
          stillAllowed(device).then(
            (allowed) => {
              if (allowed) markOnline(ONLINE_MS);
              else socket.close(4401, 'this device was signed out or removed');
            },
            (error: unknown) => request.log.warn({ err: error }, 'could not check a device stream'),
          );
        }, PING_MS);
        socket.on('pong', () => (alive = true));
        socket.on('close', () => {
          clearInterval(ping);
          if (streams.get(device.id) === socket) {
            streams.delete(device.id);
            markOnline(null);
          }
          void subscription.stop?.();
        });
        const send = (event: StreamEvent) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
        };
        const pass = (signal: DeviceSignal) => {
          if (signal.type === 'removed') {
            if (signal.deviceId === device.id) socket.close(4401, 'this device was removed');
            return;
          }
          eventsFor(signal, device, commands).then(
            (events) => events.forEach(send),
            (error: unknown) => request.log.warn({ err: error }, 'could not deliver to a device stream'),
          );
        };
        // Subscribed before the open commands are read: nothing queued in between is missed.
        const stop = await bus.subscribe(accountDevicesChannel(device.accountId), (message) =>
          pass(message as DeviceSignal),
        );
        if (socket.readyState !== socket.OPEN) {
          await stop();
          return;
        }
        subscription.stop = stop;
        markOnline(ONLINE_MS);
        send({ type: 'hello', deviceId: device.id });
        commands.deliver(device, { all: true }).then(
          (events) => events.forEach(send),
          (error: unknown) => request.log.warn({ err: error }, 'could not deliver to a device stream'),
        );
      },
    );

    app.get(
      '/api/v1/devices/events',
      {
        schema: {
          tags,
          summary: 'Long-poll fallback of the stream: answers as soon as there is something, or empty after `wait`',
          querystring: PollQuerySchema,
          response: { 200: PollResponseSchema },
        },
        onRequest: deviceOnly,
      },
      async (request, reply) => {
        const device = callingDevice(request);
        const open = polls.get(device.id) ?? 0;
        if (open >= MAX_POLLS_PER_DEVICE) {
          throw new AppError(
            'rate_limited',
            `At most ${MAX_POLLS_PER_DEVICE} long polls of one device may be open at once.`,
            { retryAfterSeconds: 5 },
          );
        }
        // Counted before the first await, so polls arriving together cannot all pass.
        polls.set(device.id, open + 1);
        try {
          return await poll(device, request.query.wait, reply);
        } finally {
          const left = (polls.get(device.id) ?? 1) - 1;
          if (left > 0) polls.set(device.id, left);
          else polls.delete(device.id);
        }
      },
    );

    /** One long poll: what is open for the device at once, else the first signal, else nothing after `wait` s. */
    async function poll(
      device: PrincipalDevice,
      wait: number,
      reply: FastifyReply,
    ): Promise<{ events: StreamEvent[] }> {
      // Signals only end the wait; commands are handed out below, once, in this answer: a signal
      // arriving after the answer was decided must not mark a command delivered that nobody gets.
      let settle: (wake: 'command' | 'removed' | StreamEvent[]) => void = () => undefined;
      const answered = new Promise<'command' | 'removed' | StreamEvent[]>((resolve) => (settle = resolve));
      const unsubscribe = await bus.subscribe(accountDevicesChannel(device.accountId), (message) => {
        const signal = message as DeviceSignal;
        // Removed (or signed out): the poll ends now, and the next one is refused.
        if (signal.type === 'removed' && signal.deviceId === device.id) settle('removed');
        else if (signal.type === 'command' && signal.deviceId === device.id) settle('command');
        else if (signal.type === 'sync' && signal.originDeviceId !== device.id) {
          settle([{ type: 'sync', category: signal.category }]);
        }
      });
      let timer: NodeJS.Timeout | undefined;
      try {
        // Signed out between its authentication and the subscription: that signal was missed.
        if (!(await accounts.isLive(device.sessionId))) {
          throw unauthorized('This device was removed or signed out. Sign in again.');
        }
        // What is open already answers at once; only then is there anything to wait for.
        const waiting = await commands.deliver(device);
        if (waiting.length > 0) return { events: waiting };
        timer = setTimeout(() => settle([]), wait * 1000);
        // The caller went away: stop waiting. (The request's own 'close' fires once its body is read.)
        reply.raw.once('close', () => settle([]));
        const wake = await answered;
        if (wake === 'removed') throw unauthorized('This device was removed or signed out. Sign in again.');
        return { events: wake === 'command' ? await commands.deliver(device) : wake };
      } finally {
        clearTimeout(timer);
        await unsubscribe();
      }
    }

    app.post(
      '/api/v1/devices/commands/:id/result',
      {
        schema: {
          tags,
          summary: 'The calling device reports how a command ended',
          params: CommandParamsSchema,
          body: CommandResultRequestSchema,
          response: { 204: z.undefined() },
        },
        onRequest: deviceOnly,
      },
      async (request, reply) => {
        const device = callingDevice(request);
        await commands.report(device, request.params.id, request.body);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
}
