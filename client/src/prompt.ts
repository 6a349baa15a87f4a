import { createInterface } from 'node:readline';

/**
 * Line-by-line answers from standard input: typed at a terminal (a secret without echo), or piped
 * in by a script or a test, one answer a line.
 */
export class Prompter {
  private readonly lines: string[] = [];
  private readonly waiting: ((line: string | null) => void)[] = [];
  private closed = false;
  private muted = false;

  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stdout,
  ) {
    const reader = createInterface({ input, terminal: false });
    reader.on('line', (line) => {
      const next = this.waiting.shift();
      if (next === undefined) this.lines.push(line);
      else next(line);
    });
    reader.on('close', () => {
      this.closed = true;
      for (const next of this.waiting.splice(0)) next(null);
    });
  }

  async ask(question: string): Promise<string> {
    this.output.write(question);
    const answer = await this.nextLine();
    if (answer === null) throw new Error(`no answer to "${question.trim()}" (standard input ended)`);
    return answer.trim();
  }

  /** Asks for a secret; at a terminal the typed characters are not shown. */
  async askSecret(question: string): Promise<string> {
    const terminal = this.input.isTTY;
    if (terminal) this.mute(true);
    try {
      this.output.write(question);
      const answer = await this.nextLine();
      if (answer === null) throw new Error(`no answer to "${question.trim()}" (standard input ended)`);
      return answer;
    } finally {
      if (terminal) {
        this.mute(false);
        this.output.write('\n');
      }
    }
  }

  private mute(on: boolean): void {
    if (this.muted === on) return;
    this.muted = on;
    // Turning echo off for the terminal: the characters typed are read but not printed.
    this.output.write(on ? '\u001b[8m' : '\u001b[28m');
  }

  private nextLine(): Promise<string | null> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.input.pause();
  }
}
