/** The local time of day, for a line of a log that runs for days: "14:03:27". */
const clockTime = (now: Date) => now.toTimeString().slice(0, 8);

/**
 * What the agent says: a line for each thing that happens, on standard output when a person
 * watches (a terminal, or --verbose), and errors on standard error always, so a service's log
 * holds what went wrong and little else.
 */
export class AgentLog {
  constructor(
    private readonly chatty: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  event(text: string): void {
    if (this.chatty) this.out.write(`${clockTime(new Date())} ${text}\n`);
  }

  error(text: string): void {
    this.err.write(`${clockTime(new Date())} nimbus agent: ${text}\n`);
  }
}
