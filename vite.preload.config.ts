// The preload script, bundled into .vite/build/preload.cjs: a sandboxed preload runs as one
// CommonJS file that may require only 'electron' (Forge's defaults give that).
import { defineConfig } from 'vite';

export default defineConfig({
  build: { sourcemap: true },
});
