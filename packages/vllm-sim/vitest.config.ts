// The package's own suites, for `npm test` inside packages/vllm-sim. The root vitest.config.ts includes the same
// files, so the project's `npm test` runs them too.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites start real servers and a container: one file at a time.
    fileParallelism: false,
  },
});
