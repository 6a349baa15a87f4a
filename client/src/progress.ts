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

const REDRAW_MS = 80;

/**
 * A progress bar on one terminal line, redrawn in place, at most every 80 ms. Meant for standard
 * error at a terminal; elsewhere (a pipe, a log file, a test) use silentProgress.
 */
export class TerminalProgress implements Progress {
  private label = '';
  private total: number | null = null;
  private done = 0;
  private drawnAt = 0;
  private active = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  start(label: string, total: number | null): void {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.active = true;
    this.draw(true);
  }

  advance(steps: number): void {
    this.done += steps;
    this.draw(this.total !== null && this.done >= this.total);
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.stream.write('\r\u001b[2K');
  }

  /** The line as it is drawn, for a terminal `columns` wide. */
  line(columns: number): string {
    const label = this.label.padEnd(18);
    if (this.total === null) return `${label} ${this.done}`.slice(0, columns - 1);
    const count = ` ${this.done}/${this.total}`;
    const width = Math.max(10, Math.min(40, columns - label.length - count.length - 4));
    const filled = this.total === 0 ? width : Math.min(width, Math.round((this.done / this.total) * width));
    return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}]${count}`.slice(0, columns - 1);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!this.active || (!force && now - this.drawnAt < REDRAW_MS)) return;
    this.drawnAt = now;
    this.stream.write(`\r\u001b[2K${this.line(this.stream.columns || 80)}`);
  }
}

/** A bar on standard error when it is a terminal; nothing otherwise. */
export function progressForTerminal(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? new TerminalProgress(stream) : silentProgress;
}
