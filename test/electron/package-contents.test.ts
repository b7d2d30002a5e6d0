import { describe, expect, it } from 'vitest';
import { keepInPackage } from '../../forge.config.js';

describe('what the desktop package holds', () => {
  it('keeps the bundles, the engine host as compiled, and the production modules', () => {
    for (const kept of [
      '/package.json',
      '/.vite/build/main.cjs',
      '/.vite/build/preload.cjs',
      '/.vite/renderer/main_window/index.html',
      '/dist/src/engine/desktop/utility-process-entry.js',
      '/dist/src/worker/dsp-worker.js',
      '/node_modules/naudiodon/build/Release/naudiodon.node',
      '/node_modules/naudiodon/build/Release/libportaudio.so.2',
      '/node_modules/@echogarden/pffft-wasm/dist/simd/pffft.wasm',
      '/native',
      '/native/pffft',
      '/native/pffft/build',
      '/native/pffft/build/Release',
      '/native/pffft/build/Release/pffft_native.node',
    ])
      expect(keepInPackage(kept), kept).toBe(true);
  });

  it('leaves out sources, tests, type declarations, maps and the crash.log writer', () => {
    for (const dropped of [
      '/src/dsp/engine.ts',
      '/test/golden/golden.test.ts',
      '/renderer/main.ts',
      '/dist/bench/scattering-bench.js',
      '/dist/renderer/index.html',
      '/dist/tsbuild/src.tsbuildinfo',
      '/dist/src/dsp/engine.d.ts',
      '/dist/src/dsp/engine.js.map',
      '/node_modules/segfault-handler/build/Release/segfault-handler.node',
      '/.git/config',
      '/forge.config.ts',
      '/native/pffft/pffft-addon.c',
      '/native/pffft/binding.gyp',
      '/native/pffft/build/Makefile',
      '/native/pffft/build/Release/obj.target',
    ])
      expect(keepInPackage(dropped), dropped).toBe(false);
  });
});
