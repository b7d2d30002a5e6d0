// The renderer page, bundled for `scatterscope serve` (dist/renderer) and, through Electron
// Forge's Vite plugin, for the desktop app.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the page is served from http://127.0.0.1:PORT/ and loaded from a file
  // inside the Electron package alike.
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2023',
  },
});
