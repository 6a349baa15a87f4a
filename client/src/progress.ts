import { Presets, SingleBar } from 'cli-progress';

/** How a stage counts: things (records, files) or bytes (an upload). */
export interface ProgressStage {
  unit?: 'items' | 'bytes';
  /** Already done when the stage starts (an upload resumed from the server's offset). */
  done?: number;
}

/** What long work reports as it goes; the sync engine knows nothing of terminals. */
export interface Progress {
  /** A new stage: `total` steps, or null when the total is not known ahead (a pull). */
  start(label: string, total: number | null, stage?: ProgressStage): void;
  advance(steps: number): void;
  stop(): void;
}

export const silentProgress: Progress = {
  start: () => undefined,
  advance: () => undefined,
  stop: () => undefined,
};

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Bytes for people, in decimal units: "812 B", "4.2 MB", "1.07 GB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit] ?? 'B'}`;
}

/**
 * A progress bar on one terminal line (cli-progress): the count and the time left, or for bytes the
 * bytes sent, the rate and the time left; a count alone when the total is not known ahead. Meant
 * for standard error at a terminal; elsewhere (a pipe, a log file, a test) use silentProgress.
 */
export class TerminalProgress implements Progress {
  private bar: SingleBar | null = null;
  private bytes: { total: number; value: number; startValue: number; startedAt: number } | null = null;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  start(label: string, total: number | null, stage: ProgressStage = {}): void {
    this.stop();
    const name = label.padEnd(18);
    const done = stage.done ?? 0;
    let format = total === null ? `${name} {value}` : `${name} [{bar}] {value}/{total} · {eta_formatted} left`;
    if (stage.unit === 'bytes' && total !== null) {
      format = `${name} [{bar}] {sent}/{size} · {rate} · {eta_formatted} left`;
      this.bytes = { total, value: done, startValue: done, startedAt: Date.now() };
    }
    this.bar = new SingleBar(
      {
        format,
        stream: this.stream,
        barsize: 30,
        fps: 12,
        clearOnComplete: true,
        hideCursor: false,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    this.bar.start(total ?? 0, done, this.bytesPayload());
  }

  advance(steps: number): void {
    if (this.bytes !== null) this.bytes.value += steps;
    this.bar?.increment(steps, this.bytesPayload());
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
    this.bytes = null;
  }

  private bytesPayload(): Record<string, string> {
    if (this.bytes === null) return {};
    const seconds = (Date.now() - this.bytes.startedAt) / 1000;
    const sent = this.bytes.value - this.bytes.startValue;
    const rate = seconds > 0.2 ? `${formatBytes(sent / seconds)}/s` : '…/s';
    return { sent: formatBytes(this.bytes.value), size: formatBytes(this.bytes.total), rate };
  }
}

/** A bar on standard error when it is a terminal; nothing otherwise. */
export function progressForTerminal(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? new TerminalProgress(stream) : silentProgress;
}
