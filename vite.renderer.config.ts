// The renderer page. Plain `vite build --config vite.renderer.config.ts` bundles it into
// dist/renderer for `scatterscope serve`. Electron Forge's Vite plugin loads this file too (its
// config environment then carries `forgeConfigSelf`) and bundles into its own folder,
// .vite/renderer/main_window, which the packaged main process loads.
import { defineConfig, type ConfigEnv, type UserConfig } from 'vite';

const underForge = (env: ConfigEnv): boolean => 'forgeConfigSelf' in env;

export default defineConfig((env): UserConfig => ({
  root: 'renderer',
  // Relative asset URLs: the page is served from http://127.0.0.1:PORT/ and loaded from a
  // file inside the Electron package alike.
  base: './',
  build: {
    ...(underForge(env) ? {} : { outDir: '../dist/renderer', emptyOutDir: true }),
    sourcemap: true,
    target: 'es2023',
  },
}));
