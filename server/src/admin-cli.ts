import { runAdmin } from './admin.js';

// nimbus-server: the operator's commands of an installed server (migrate, check-config).
runAdmin(process.argv.slice(2), { command: 'nimbus-server', prefix: 'nimbus-server' }).catch((error: unknown) => {
  process.stderr.write(`nimbus-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
