import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Services } from './services.js';

/**
 * The APIs modules offer each other, by module name. Core declares it empty; each module adds its
 * own entry from its index.ts (`declare module '../../core/module.js' { interface ModuleApis { … } }`),
 * so core names no domain and a module's API is typed wherever another module asks for it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ModuleApis {}

export type ModuleName = keyof ModuleApis;

/** What a module is given when it registers. */
export interface ModuleContext<Needs extends ModuleName> {
  /** The app, for routes, authentication strategies and hooks. */
  readonly app: FastifyInstance;
  /** Core's machinery: database, clock, blobs, bus, jobs, messages, limits… Take what you use. */
  readonly services: Services;
  /** A child logger named after the module. */
  readonly log: FastifyBaseLogger;
  /** The APIs of the modules this one said it needs; they registered before it. */
  readonly modules: Pick<ModuleApis, Needs>;
  /**
   * Work for when the server starts its background jobs (not in a process that only serves, nor
   * in tests that run jobs by hand): putting the module's jobs on their schedules.
   */
  readonly onJobsStart: (task: () => Promise<void>) => void;
}

/** A domain module: its name, the modules it needs, and how it registers; it returns its API. */
export interface NimbusModule<Name extends ModuleName = ModuleName, Needs extends ModuleName = ModuleName> {
  readonly name: Name;
  readonly needs: readonly Needs[];
  register(context: ModuleContext<Needs>): Promise<ModuleApis[Name]>;
}

/** Declares a module, checking its types where it is written. */
export function defineModule<Name extends ModuleName, Needs extends ModuleName = never>(
  module: NimbusModule<Name, Needs>,
): NimbusModule<Name, Needs> {
  return module;
}

/**
 * Registers modules in order, each after those it needs, and answers every module's API. A module
 * listed before one it needs is a wiring mistake, reported at start-up.
 */
export async function registerModules(
  modules: readonly NimbusModule[],
  context: Omit<ModuleContext<never>, 'modules' | 'log'>,
): Promise<ModuleApis> {
  const apis: Partial<Record<ModuleName, unknown>> = {};
  for (const module of modules) {
    const missing = module.needs.filter((name) => !(name in apis));
    if (missing.length > 0) throw new Error(`module ${module.name} needs ${missing.join(', ')}, registered after it`);
    apis[module.name] = await module.register({
      ...context,
      log: context.app.log.child({ module: module.name }),
      modules: apis as ModuleApis,
    });
  }
  return apis as ModuleApis;
}
