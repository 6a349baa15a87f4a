import { Presets, SingleBar } from 'cli-progress';

/** What long work reports as it goes; the sync engine knows nothing of terminals. */
export interface Progress {
  /** A new stage: `total` steps, or null when the total is not known ahead (a pull). */
  start(label: string, total: number | null): void;
  advance(steps: number): void;
  stop(): void;
}

export const silentProgress: Progress = {
  start: () => undefined,
  advance: () => undefined,
  stop: () => undefined,
};

/**
 * A progress bar on one terminal line (cli-progress), with the count and the time left; a count
 * alone when the total is not known ahead. Meant for standard error at a terminal; elsewhere (a
 * pipe, a log file, a test) use silentProgress.
 */
export class TerminalProgress implements Progress {
  private bar: SingleBar | null = null;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  start(label: string, total: number | null): void {
    this.stop();
    const name = label.padEnd(18);
    this.bar = new SingleBar(
      {
        format: total === null ? `${name} {value}` : `${name} [{bar}] {value}/{total} · {eta_formatted} left`,
        stream: this.stream,
        barsize: 30,
        fps: 12,
        clearOnComplete: true,
        hideCursor: false,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    this.bar.start(total ?? 0, 0);
  }

  advance(steps: number): void {
    this.bar?.increment(steps);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

/** A bar on standard error when it is a terminal; nothing otherwise. */
export function progressForTerminal(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? new TerminalProgress(stream) : silentProgress;
}
