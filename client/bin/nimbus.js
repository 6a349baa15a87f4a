#!/usr/bin/env node
// The nimbus command. Runs the compiled CLI; `npm run build` (run by `npm ci`) makes it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('nimbus: the CLI is not built yet; run `npm run build` in the repository first\n');
  process.exit(1);
}
await import(cli.href);
