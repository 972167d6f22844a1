import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['./test/setup/node-version.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
