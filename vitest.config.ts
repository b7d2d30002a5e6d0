import { defineConfig } from 'vitest/config';

// When set (as .ci/run does), the run's counts are also written there as JSON.
const jsonReport = process.env.SCATTERSCOPE_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Child processes rather than threads: tests spawn the CLI and will load native audio modules.
    pool: 'forks',
    // Golden and theory tests transform whole signals; the machine running them may be shared.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for what a UI or a process shows; 1 s (the default) is short on a
    // loaded machine.
    expect: { poll: { timeout: 10_000 } },
    reporters:
      jsonReport === undefined || jsonReport === ''
        ? ['default']
        : ['default', ['json', { outputFile: jsonReport }]],
  },
});
