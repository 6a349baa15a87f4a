import { CATEGORIES, type Category, type CommandResultRequest } from '@nimbus/protocol';
import type { Credentials } from '../credentials.js';
import { progressForTerminal, silentProgress } from '../progress.js';
import { NimbusApiError, type NimbusClient } from '../sdk.js';
import type { CategoryReport } from '../sync/category-sync.js';
import { syncFolder } from '../sync/sync-folder.js';
import type { AgentLog } from './agent-log.js';
import { describeFailure, EventStream, isLockedOut, type DeviceEvent, type StreamMode } from './event-stream.js';
import { FolderWork } from './folder-work.js';
import { recordSentMessage, type SendSmsCommand } from './send-sms.js';

/** A command that could not be carried out or reported for want of the server is tried again this much later. */
const RETRY_MS = 15_000;

export interface AgentSetup {
  client: NimbusClient;
  account: Pick<Credentials, 'server' | 'accountNumber'>;
  /** The folder, resolved; the caller holds its lock for the agent's whole life. */
  dir: string;
  categories: readonly Category[];
  log: AgentLog;
}

const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;

/**
 * The reference phone at work: it syncs its folder, then stays connected to the server, syncs
 * a category when told it changed, and carries out commands (a text the portal wants sent goes
 * into messages.json as sent, and the server is told it was sent).
 */
export class Agent {
  private readonly work: FolderWork<SendSmsCommand>;
  private readonly stream: EventStream;
  private readonly retries = new Set<NodeJS.Timeout>();
  private fatal: Error | null = null;
  private stopping = false;

  constructor(private readonly setup: AgentSetup) {
    this.work = new FolderWork(
      (categories, commands) => this.perform(categories, commands),
      (error) => this.fail(error),
    );
    this.stream = new EventStream(setup.client, {
      connected: (mode) => this.connected(mode),
      event: (event) => this.received(event),
      disconnected: (reason, retryMs) =>
        setup.log.error(`lost the connection to the server (${reason}); trying again in ${seconds(retryMs)}`),
    });
  }

  /** The first sync (whose failure ends the agent), then the stream until stop() or an error that ends it. */
  async run(): Promise<void> {
    await this.sync(this.setup.categories, true);
    if (!this.stopping) {
      try {
        await this.stream.run();
      } catch (error) {
        this.fail(error);
      }
    }
    await this.work.close();
    for (const timer of this.retries) clearTimeout(timer);
    if (this.fatal !== null) throw this.fatal;
  }

  /** Ends run() once the work under way is done; what waits is dropped (the server gives commands again). */
  stop(): void {
    this.stopping = true;
    this.stream.stop();
  }

  private connected(mode: StreamMode): void {
    const how = mode === 'websocket' ? '' : ' by long polls (WebSockets do not get through)';
    this.setup.log.event(`connected${how}: waiting for changes and commands`);
    // Hints sent while the agent was away are lost: catch up with everything.
    this.work.sync(this.setup.categories);
  }

  private received(event: DeviceEvent): void {
    const { log, categories } = this.setup;
    switch (event.type) {
      case 'sync':
        if (!categories.includes(event.category)) return;
        log.event(`${event.category} changed on the server`);
        this.work.sync([event.category]);
        return;
      case 'command':
        log.event(`asked to send a text to ${event.command.payload.address}`);
        this.work.command(event.command);
    }
  }

  /**
   * One run of work. Before commands, messages are synced, so a message the portal queued is in
   * the folder and sending it only changes its status (see recordSentMessage).
   */
  private async perform(categories: Category[], commands: SendSmsCommand[]): Promise<void> {
    const wanted = new Set(categories);
    if (commands.length > 0 && this.setup.categories.includes('messages')) wanted.add('messages');
    const current = await this.sync(
      CATEGORIES.filter((category) => wanted.has(category)),
      false,
    );
    let reported = false;
    for (const command of commands) {
      if (this.stopping) return;
      if (current) reported = (await this.carryOut(command)) || reported;
      else this.retryLater(command);
    }
    // A report changes the message on the server (queued → sent): fetch that without waiting for a
    // hint, which a long poll misses when it comes between two polls.
    if (reported && this.setup.categories.includes('messages')) this.work.sync(['messages']);
  }

  /** Syncs; true when it got through. The first sync's failure is thrown: the agent cannot start. */
  private async sync(categories: readonly Category[], first: boolean): Promise<boolean> {
    if (categories.length === 0) return true;
    const { client, account, dir, log } = this.setup;
    try {
      await syncFolder({
        client,
        account,
        dir,
        categories,
        progress: first ? progressForTerminal() : silentProgress,
        output: {
          switchedOff: (category) => {
            if (first) {
              log.event(`${category}: switched off for this device (\`nimbus device sync-settings --on ${category}\`)`);
            }
          },
          synced: (_category, report, lines) => this.tell(report, lines, first),
          notSynced: (category, message) => log.error(`${category} not synced: ${message}`),
        },
      });
      return true;
    } catch (error) {
      if (first) throw error;
      if (isLockedOut(error)) this.fail(error);
      else log.error(`could not sync ${categories.join(', ')}: ${describeFailure(error)}`);
      return false;
    }
  }

  /** A sync's report, when something moved (the first sync's always); records the server refused are errors. */
  private tell(report: CategoryReport, lines: string[], first: boolean): void {
    const moved = report.up + report.down + report.conflicts.length + report.rejected.length > 0 || report.restarted;
    if (!moved && !first) return;
    const { log } = this.setup;
    for (const line of lines) {
      if (report.rejected.length > 0) log.error(line);
      else log.event(line);
    }
  }

  /** True when the server took the report. */
  private async carryOut(command: SendSmsCommand): Promise<boolean> {
    const { dir, log } = this.setup;
    const { address } = command.payload;
    let result: CommandResultRequest;
    try {
      const outcome = await recordSentMessage(dir, command, new Date());
      log.event(
        outcome === 'already-sent'
          ? `the text to ${address} was sent already`
          : `sent the text to ${address} (now in messages.json)`,
      );
      result = { status: 'done' };
    } catch (error) {
      const why = describeFailure(error);
      log.error(`could not send the text to ${address}: ${why}`);
      result = { status: 'failed', error: why.slice(0, 500) };
    }
    return this.report(command, result);
  }

  private async report(command: SendSmsCommand, result: CommandResultRequest): Promise<boolean> {
    const { client, log } = this.setup;
    const { address } = command.payload;
    try {
      await client.reportCommand(command.id, result);
      return true;
    } catch (error) {
      if (isLockedOut(error)) {
        this.fail(error);
      } else if (error instanceof NimbusApiError && (error.code === 'conflict' || error.code === 'not_found')) {
        // It expired, or ended otherwise: the server no longer waits for this report.
        log.error(`the server took no report on the text to ${address}: ${error.message}`);
      } else {
        log.error(
          `could not tell the server about the text to ${address} (${describeFailure(error)}); trying again in ${seconds(RETRY_MS)}`,
        );
        this.retryLater(command);
      }
      return false;
    }
  }

  /** Carried out again later, harmlessly: recordSentMessage does nothing the second time. */
  private retryLater(command: SendSmsCommand): void {
    if (this.stopping) return;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.work.command(command);
    }, RETRY_MS);
    this.retries.add(timer);
  }

  private fail(error: unknown): void {
    this.fatal ??= error instanceof Error ? error : new Error(String(error));
    this.stop();
  }
}
