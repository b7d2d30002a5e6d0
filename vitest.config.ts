import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Golden and theory tests transform whole signals; the machine running them may be shared.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
