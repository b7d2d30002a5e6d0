// The Electron main process, bundled by Forge's Vite plugin into .vite/build/main.cjs.
import { defineConfig } from 'vite';

export default defineConfig({
  build: { sourcemap: true },
});
