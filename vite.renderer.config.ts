// The renderer page. Plain `vite build --config vite.renderer.config.ts` bundles it into
// dist/renderer for `scatterscope serve`. Electron Forge's Vite plugin loads this file too (its
// config environment then carries `forgeConfigSelf`) and bundles into its own folder,
// .vite/renderer/main_window, which the packaged main process loads.
import { resolve } from 'node:path';
import { defineConfig, type ConfigEnv, type UserConfig } from 'vite';

/** Forge's output folder for this renderer when Forge is building, else serve's dist/renderer. */
function outDir(env: ConfigEnv): string {
  if (!('forgeConfigSelf' in env)) return resolve(import.meta.dirname, 'dist', 'renderer');
  const { name } = env.forgeConfigSelf as { name?: string };
  // Absolute: Forge gives it relative to the project, and `root` below is renderer/.
  return resolve(import.meta.dirname, '.vite', 'renderer', name ?? 'main_window');
}

export default defineConfig((env): UserConfig => ({
  root: 'renderer',
  // Relative asset URLs: the page is served from http://127.0.0.1:PORT/ and loaded from a
  // file inside the Electron package alike.
  base: './',
  build: {
    outDir: outDir(env),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2023',
  },
}));
