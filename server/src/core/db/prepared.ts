import { randomUUID } from 'node:crypto';
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';

/** Stands for the i-th value while a query is built: a string no caller passes. */
const SLOT = `nimbus-prepared-slot:${randomUUID()}:`;
const slot = (index: number) => `${SLOT}${index}`;

/**
 * A query of a hot path built and compiled once per connection (or transaction), then run with
 * new values: building a Kysely query (immutable nodes, cloned at every `where`) and compiling it
 * cost more than running a small indexed query. `build` receives placeholders in place of its
 * arguments and must use them only as values (compared, inserted), never compute with them.
 */
export class PreparedQuery<Args extends readonly unknown[], Row> {
  private readonly compiled = new WeakMap<Db, { query: CompiledQuery<Row>; slots: (number | null)[] }>();

  constructor(private readonly build: (db: Db, ...args: Args) => Compilable<Row>) {}

  async execute(db: Db, ...args: Args): Promise<Row[]> {
    let known = this.compiled.get(db);
    if (known === undefined) {
      const query = this.build(db, ...(args.map((_, index) => slot(index)) as unknown as Args)).compile();
      const slots = query.parameters.map((value) =>
        typeof value === 'string' && value.startsWith(SLOT) ? Number(value.slice(SLOT.length)) : null,
      );
      known = { query, slots };
      this.compiled.set(db, known);
    }
    const { query, slots } = known;
    const parameters = slots.map((index, position) => (index === null ? query.parameters[position] : args[index]));
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  }

  async executeTakeFirst(db: Db, ...args: Args): Promise<Row | undefined> {
    return (await this.execute(db, ...args))[0];
  }
}
