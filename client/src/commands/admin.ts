import type { Command } from 'commander';

/** What the server package's `@nimbus/server/admin` entry offers (server/src/admin.ts). */
interface ServerAdmin {
  runAdmin(args: readonly string[], program: { command: string; prefix: string }): Promise<void>;
}

// A variable, so that neither TypeScript nor a bundler takes the server for a dependency of the
// CLI: an SDK user or a phone never installs it (nor better-sqlite3, pg and sharp with it).
const SERVER_ADMIN = '@nimbus/server/admin';

/** The server's admin commands, or undefined when the server package is not installed here. */
async function loadServerAdmin(): Promise<ServerAdmin | undefined> {
  try {
    return (await import(SERVER_ADMIN)) as ServerAdmin;
  } catch (error) {
    const missing =
      error instanceof Error &&
      (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      error.message.includes('@nimbus/server');
    if (missing) return undefined;
    throw error;
  }
}

/**
 * `nimbus admin …` operates an installation with the server's own code, so it hands everything
 * after `admin` to the server package (`nimbus-server` runs the same commands).
 */
export function registerAdminCommands(program: Command): void {
  program
    .command('admin')
    .description('operate a Nimbus installation: migrate, check-config (needs the server package)')
    .argument('[command...]', 'the admin command and its options; `nimbus admin --help` lists them')
    .helpOption(false)
    .allowUnknownOption()
    .action(async (args: string[]) => {
      const admin = await loadServerAdmin();
      if (admin === undefined) {
        process.stderr.write(
          'nimbus: the admin commands come with the Nimbus server (@nimbus/server), which is not installed here;\n' +
            'run them where the server is installed (`npx nimbus admin migrate` in its repository, or `nimbus-server migrate`)\n',
        );
        process.exit(1);
      }
      await admin.runAdmin(args, { command: 'nimbus admin', prefix: 'nimbus' });
    });
}
