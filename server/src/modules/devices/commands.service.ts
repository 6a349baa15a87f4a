import type { Category, CommandResultRequest, DeviceCommand, StreamEvent } from '@nimbus/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from '../../core/bus/index.js';
import { MINUTE, type Clock } from '../../core/time.js';
import type { Db } from '../../core/db/database.js';
import { AppError, notFound, rateLimited } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { CommandsRepo, type CommandRow } from './commands.repo.js';
import type { DeviceRef, DevicesRepo } from './devices.repo.js';

/** The bus channel of one account's devices: sync hints and "a command waits" wake-ups. */
export const accountDevicesChannel = (accountId: string) => `devices:${accountId}`;

/** What travels on that channel; each connected device picks what concerns it. */
export type DeviceSignal =
  | { type: 'sync'; category: Category; originDeviceId: string | null }
  | { type: 'command'; deviceId: string }
  /** The device was removed or signed out: its streams close. */
  | { type: 'removed'; deviceId: string };

export interface CommandOutcome {
  status: 'done' | 'failed' | 'expired';
  error: string | null;
}

/** Runs when a command of a kind finishes, so the module that asked can record the result. */
export type OutcomeHandler = (command: CommandRow, outcome: CommandOutcome) => Promise<void>;

const iso = (time: number) => new Date(time).toISOString();
/** A command handed out and not answered within this time is handed out again. */
const REDELIVER_MS = MINUTE;
/** Most commands waiting for one device. */
export const MAX_OPEN_COMMANDS = 100;

export function toCommand(row: CommandRow): DeviceCommand {
  return {
    id: row.id,
    kind: row.kind as DeviceCommand['kind'],
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    payload: JSON.parse(row.payload) as DeviceCommand['payload'],
  };
}

export interface CommandsDeps {
  repo: CommandsRepo;
  devices: DevicesRepo;
  clock: Clock;
  bus: Bus;
  log: FastifyBaseLogger;
}

/**
 * Commands to devices: stored first (pending → delivered → done, failed or expired), pushed second;
 * a device that was offline gets them when it connects, and reports each outcome.
 */
export class CommandsService {
  private readonly handlers = new Map<string, OutcomeHandler>();

  constructor(private readonly deps: CommandsDeps) {}

  onOutcome(kind: DeviceCommand['kind'], handler: OutcomeHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Stores a command in the caller's transaction `trx`; call `announce` after it commits. */
  async enqueue(
    trx: Db,
    command: {
      accountId: string;
      deviceId: string;
      kind: DeviceCommand['kind'];
      payload: DeviceCommand['payload'];
      ttlMs: number;
    },
  ): Promise<string> {
    const now = this.deps.clock.now();
    const repo = new CommandsRepo(trx);
    if ((await repo.openCount(command.deviceId, now)) >= MAX_OPEN_COMMANDS) {
      throw rateLimited(
        3600,
        'This phone has too many things waiting to do. Wait until it is online and has caught up.',
      );
    }
    const id = newId();
    await repo.insert({
      id,
      account_id: command.accountId,
      device_id: command.deviceId,
      kind: command.kind,
      payload: JSON.stringify(command.payload),
      status: 'pending',
      result: null,
      created_at: now,
      delivered_at: null,
      finished_at: null,
      expires_at: now + command.ttlMs,
    });
    return id;
  }

  /** Wakes the device's stream; a lost signal only delays the command to its next connection. */
  announce(accountId: string, deviceId: string): void {
    this.signal(accountId, { type: 'command', deviceId });
  }

  /** Closes a removed device's streams on every node. */
  announceRemoval(accountId: string, deviceId: string): void {
    this.signal(accountId, { type: 'removed', deviceId });
  }

  /** Tells the account's connected devices that a category changed. */
  hintSync(accountId: string, category: Category, originDeviceId: string | null): void {
    this.signal(accountId, { type: 'sync', category, originDeviceId });
  }

  /**
   * The device's open commands as stream events, marked delivered: every one when it (re)connects
   * (`all`), otherwise the new ones and those it was given over a minute ago without an answer.
   * A device may so see a command twice, and handles each command id once.
   */
  async deliver(device: DeviceRef, { all = false }: { all?: boolean } = {}): Promise<StreamEvent[]> {
    const now = this.deps.clock.now();
    const open = await this.deps.repo.open(device.id, now, all ? undefined : now - REDELIVER_MS);
    await this.deps.repo.markDelivered(
      open.map((row) => row.id),
      now,
    );
    return open.map((row) => ({ type: 'command', command: toCommand(row) }));
  }

  async report(device: DeviceRef, commandId: string, result: CommandResultRequest): Promise<void> {
    const row = await this.deps.repo.find(device.id, commandId);
    if (row === undefined) throw notFound('There is no such command for this device.');
    const outcome: CommandOutcome = { status: result.status, error: result.error ?? null };
    if (!(await this.finish(row, outcome))) {
      // The same report twice is fine; a report after expiry is too late to count.
      if (row.status === result.status) return;
      throw new AppError('conflict', `This command is ${row.status} already.`, { status: row.status });
    }
  }

  /** Expires commands whose time ran out, telling whoever asked for them. */
  async expireOverdue(): Promise<number> {
    const overdue = await this.deps.repo.overdue(this.deps.clock.now(), 500);
    let expired = 0;
    for (const row of overdue) {
      if (await this.finish(row, { status: 'expired', error: null })) expired++;
    }
    return expired;
  }

  private async finish(row: CommandRow, outcome: CommandOutcome): Promise<boolean> {
    const result = outcome.error === null ? null : JSON.stringify({ error: outcome.error });
    if (!(await this.deps.repo.finish(row.id, outcome.status, result, this.deps.clock.now()))) return false;
    await this.handlers.get(row.kind)?.(row, outcome);
    return true;
  }

  private signal(accountId: string, signal: DeviceSignal): void {
    this.deps.bus.publish(accountDevicesChannel(accountId), signal).catch((error: unknown) => {
      this.deps.log.warn({ err: error }, 'could not signal devices');
    });
  }
}
