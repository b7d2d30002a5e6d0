// Builds the native PFFFT addon (native/pffft: PFFFT's C source from @echogarden/pffft-wasm,
// compiled for this CPU by node-gyp), run by `npm install` / `npm ci` (the `prepare` script).
//
// The engine uses it where it loads and falls back to PFFFT's WebAssembly build (1.15 to 1.22
// times slower) where it does not, so a failed build warns and does not fail the install:
// naudiodon needs the same compiler, so a machine that can capture audio can build this too.
// `npm test` checks that it is built (test/worker/native-pffft.test.ts).
'use strict';
const { spawnSync } = require('node:child_process');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');

/** npm hands its own node-gyp to install scripts; else the one in node_modules. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return undefined;
  }
}

const gyp = nodeGyp();
const result =
  gyp === undefined
    ? { status: null, error: new Error('node-gyp was not found') }
    : spawnSync(
        process.execPath,
        [gyp, 'rebuild', '--loglevel=warn', '--directory', join(ROOT, 'native', 'pffft')],
        {
          stdio: 'inherit',
        },
      );
if (result.status !== 0) {
  const why = result.error?.message ?? `node-gyp exited with ${String(result.status)}`;
  console.warn(
    `warning: the native PFFFT addon was not built (${why}); the engine will use PFFFT's ` +
      'WebAssembly build instead, 1.15 to 1.22 times slower. Install a C compiler and make ' +
      '(Debian: apt-get install build-essential), then run `npm run build:native`.',
  );
}
