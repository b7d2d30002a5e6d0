#!/usr/bin/env node
// The `scatterscope` command: runs the compiled CLI in dist/ (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    'scatterscope: the command is not built yet (dist/src/cli/main.js is missing); run `npm run build` in the project folder\n',
  );
  process.exit(1);
}
await import(main.href);
