import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Index builds over the seed corpus take a few seconds on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
