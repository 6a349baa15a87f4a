import { CATEGORIES, type Category } from '@nimbus/protocol';

/** One run of work: the categories to sync, then the commands to carry out. */
export type WorkRun<C> = (categories: Category[], commands: C[]) => Promise<void>;

/**
 * The agent's work on its folder, one run at a time, since syncs and commands both write its
 * files. What is asked while a run goes gathers into the next run: a burst of hints makes one more
 * sync, not a queue of them, and a command delivered twice is carried out once.
 */
export class FolderWork<C extends { id: string }> {
  private readonly categories = new Set<Category>();
  private readonly commands = new Map<string, C>();
  private running = new Set<string>();
  private busy = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: WorkRun<C>,
    /** A run that threw: the run is meant to handle its own errors, so this is a last resort. */
    private readonly failed: (error: unknown) => void,
  ) {}

  sync(categories: Iterable<Category>): void {
    if (this.closed) return;
    for (const category of categories) this.categories.add(category);
    this.kick();
  }

  command(command: C): void {
    if (this.closed || this.commands.has(command.id) || this.running.has(command.id)) return;
    this.commands.set(command.id, command);
    this.kick();
  }

  /** Resolves once no run goes. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops what waits, takes nothing new, and resolves when the current run is over. */
  close(): Promise<void> {
    this.closed = true;
    this.categories.clear();
    this.commands.clear();
    return this.idle();
  }

  private kick(): void {
    if (this.busy) return;
    this.busy = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    while (!this.closed && (this.categories.size > 0 || this.commands.size > 0)) {
      const categories = CATEGORIES.filter((category) => this.categories.has(category));
      const commands = [...this.commands.values()];
      this.categories.clear();
      this.commands.clear();
      this.running = new Set(commands.map((command) => command.id));
      try {
        await this.run(categories, commands);
      } catch (error) {
        this.failed(error);
      }
      this.running = new Set();
    }
    // Set in the same step as the last check of the loop: a request made after it starts a new drain.
    this.busy = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
