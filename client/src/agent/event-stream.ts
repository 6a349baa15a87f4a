import { ErrorBodySchema, StreamEventSchema, type StreamEvent } from '@nimbus/protocol';
import WebSocket from 'ws';
import { NimbusApiError, type NimbusClient } from '../sdk.js';

export type StreamMode = 'websocket' | 'long-poll';
/** What the stream hands on: "sync now" hints and commands (its greeting stays inside). */
export type DeviceEvent = Exclude<StreamEvent, { type: 'hello' }>;

export interface StreamListener {
  connected(mode: StreamMode): void;
  event(event: DeviceEvent): void;
  /** The connection dropped or could not be made; the next try comes in `retryMs`. */
  disconnected(reason: string, retryMs: number): void;
}

export interface EventStreamOptions {
  /** The first wait before connecting again; it doubles up to `maxDelayMs`, and starts over after a good connection. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A WebSocket silent this long is taken for dead: the server pings every 30 s. */
  idleMs?: number;
  pollWaitSeconds?: number;
}

/** The server refused the stream in a way that waiting will not mend: signed out, or no longer registered. */
export class StreamRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamRefusedError';
  }
}

/** True for errors that mean this device may no longer talk to its account: going on is pointless. */
export function isLockedOut(error: unknown): boolean {
  if (error instanceof StreamRefusedError) return true;
  const api =
    error instanceof NimbusApiError
      ? error
      : error instanceof Error && error.cause instanceof NimbusApiError
        ? error.cause
        : null;
  return api !== null && (api.status === 401 || api.code === 'not_a_device');
}

/** An error in a few words, with the system's code when there is one (ECONNREFUSED, …). */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? error.message : `${error.message} (${code})`;
}

const COMMAND_POLL_PAUSE_MS = 500;

/** How a connection ended: whether it had been made, and why it is gone. */
interface Dropped {
  connected: boolean;
  reason: string;
}

type Attempt =
  ({ kind: 'closed' } & Dropped) | { kind: 'refused'; status: number; code: string | null; message: string };

/** How long to wait before the next try: between half and all of `delay`, so many devices do not come back at once. */
const jitter = (delay: number) => Math.round(delay / 2 + (Math.random() * delay) / 2);

/**
 * The device's side of the server's stream. It keeps a WebSocket open and connects again with
 * growing pauses when it drops; when the upgrade is refused for a reason other than the sign-in
 * (a proxy that does not pass WebSockets), it long-polls instead. A refused access token is
 * refreshed once; a device signed out or removed ends the stream with an error.
 */
export class EventStream {
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly idleMs: number;
  private readonly pollWaitSeconds: number;
  private stopped = false;
  private socket: WebSocket | null = null;
  private poll: AbortController | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly client: NimbusClient,
    private readonly listener: StreamListener,
    options: EventStreamOptions = {},
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.idleMs = options.idleMs ?? 75_000;
    this.pollWaitSeconds = options.pollWaitSeconds ?? 25;
  }

  /** Runs until stop(); rejects when the device may no longer connect. */
  async run(): Promise<void> {
    let delay = this.baseDelayMs;
    let polling = false;
    while (!this.stopped) {
      const outcome = polling ? await this.pollUntilFailure() : await this.viaWebSocket();
      if (outcome === 'poll') {
        polling = true;
        continue;
      }
      // After a failure the way may be open again: the WebSocket is tried first.
      polling = false;
      if (this.ended()) break;
      if (outcome.connected) delay = this.baseDelayMs;
      const wait = jitter(delay);
      this.listener.disconnected(outcome.reason, wait);
      await this.sleep(wait);
      delay = Math.min(delay * 2, this.maxDelayMs);
    }
  }

  /**
   * One WebSocket, from the upgrade to its close; a refused access token is refreshed once. Answers
   * 'poll' when the upgrade is refused for another reason: something between here and the server
   * does not pass WebSockets, while plain requests get through.
   */
  private async viaWebSocket(): Promise<Dropped | 'poll'> {
    // Read each time: a sync may have refreshed the tokens meanwhile.
    let token = await this.client.deviceAccessToken();
    for (let refreshed = false; ; refreshed = true) {
      if (this.ended()) return { connected: false, reason: '' };
      const attempt = await this.connect(token);
      if (attempt.kind === 'closed') return attempt;
      if (attempt.status === 403 || (attempt.status === 401 && refreshed)) {
        throw new StreamRefusedError(refusal(attempt.code, attempt.message));
      }
      if (attempt.status !== 401) return 'poll';
      try {
        token = await this.client.deviceAccessToken(token);
      } catch (error) {
        if (isLockedOut(error)) throw error;
        return { connected: false, reason: `the access token could not be refreshed: ${describeFailure(error)}` };
      }
    }
  }

  /** Read through a method: stop() may have run while this awaited. */
  private ended(): boolean {
    return this.stopped;
  }

  /** Closes the connection and ends run(). */
  stop(): void {
    this.stopped = true;
    this.socket?.close(1000, 'the device stops');
    this.poll?.abort();
    this.wake?.();
  }

  private connect(token: string): Promise<Attempt> {
    return new Promise((resolve) => {
      const socket = new WebSocket(this.client.streamUrl(), {
        headers: { authorization: `Bearer ${token}` },
        handshakeTimeout: 15_000,
      });
      this.socket = socket;
      let connected = false;
      let refused: Attempt | null = null;
      let failure = '';
      let idle: NodeJS.Timeout | undefined;
      const alive = () => {
        clearTimeout(idle);
        idle = setTimeout(() => {
          failure = `the server was silent for ${Math.round(this.idleMs / 1000)} s`;
          socket.terminate();
        }, this.idleMs);
      };
      socket.on('unexpected-response', (_request, response) => {
        // An HTTP answer instead of the upgrade: read why (the usual error body), then give up this socket.
        const status = response.statusCode ?? 0;
        refused = { kind: 'refused', status, code: null, message: `answered ${status}` };
        const chunks: Buffer[] = [];
        const giveUp = setTimeout(() => socket.terminate(), 5_000);
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(giveUp);
          const body = ErrorBodySchema.safeParse(parseJson(Buffer.concat(chunks).toString('utf8')));
          if (body.success) {
            refused = { kind: 'refused', status, code: body.data.error.code, message: body.data.error.message };
          }
          socket.terminate();
        });
      });
      socket.on('open', alive);
      socket.on('ping', alive);
      socket.on('message', (data: Buffer) => {
        alive();
        const event = StreamEventSchema.safeParse(parseJson(data.toString('utf8')));
        // A kind this version does not know is left alone: the server expires it.
        if (!event.success) return;
        if (event.data.type === 'hello') {
          connected = true;
          this.listener.connected('websocket');
          return;
        }
        if (connected) this.listener.event(event.data);
      });
      socket.on('error', (error) => (failure = describeFailure(error)));
      socket.on('close', (code) => {
        clearTimeout(idle);
        if (this.socket === socket) this.socket = null;
        resolve(
          refused ?? {
            kind: 'closed',
            connected,
            reason:
              failure !== '' ? failure : code === 1006 ? 'the connection broke off' : `the server closed it (${code})`,
          },
        );
      });
    });
  }

  /** Long polls one after the other until one fails; the first answers at once, confirming the way. */
  private async pollUntilFailure(): Promise<Dropped> {
    let connected = false;
    try {
      for (let wait = 0; !this.stopped; wait = this.pollWaitSeconds) {
        this.poll = new AbortController();
        const events = await this.client.pollEvents(wait, this.poll.signal);
        if (!connected) {
          connected = true;
          this.listener.connected('long-poll');
        }
        for (const event of events) if (event.type !== 'hello') this.listener.event(event);
        // The server answers each poll at once with every command not reported yet, so while one is
        // being carried out, polling straight on would only hear it again and again.
        if (events.some((event) => event.type === 'command')) await this.sleep(COMMAND_POLL_PAUSE_MS);
      }
      return { connected, reason: '' };
    } catch (error) {
      if (this.stopped) return { connected, reason: '' };
      if (isLockedOut(error)) throw error;
      return { connected, reason: describeFailure(error) };
    } finally {
      this.poll = null;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = null));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function refusal(code: string | null, message: string): string {
  if (code === 'not_a_device') {
    return 'this device is no longer registered with the account (was it removed?); register it again with `nimbus device register`';
  }
  return `the server refused this device's sign-in (${message}); sign in again with \`nimbus login\``;
}
