#!/usr/bin/env node
// The nimbus-server command: the operator's commands (migrate, check-config). Runs the compiled
// server; `npm run build` (run by `npm ci`) makes it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/admin-cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('nimbus-server: the server is not built yet; run `npm run build` in the repository first\n');
  process.exit(1);
}
await import(cli.href);
