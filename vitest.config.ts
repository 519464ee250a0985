import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests drive a real Chromium and a real EPUBCheck (Java): slow, not flaky.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    maxWorkers: 2,
    // Spawned CLIs run src/ through tsx, never a lib/ compiled earlier.
    env: {FOLIO_DEV: '1'}
  }
})
