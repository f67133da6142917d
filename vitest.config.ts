import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// 'electron' is replaced by a named stub: the binary cannot run on the development or CI machines.
const electronStub = fileURLToPath(new URL('./test/stubs/electron.ts', import.meta.url))

export default defineConfig({
  resolve: { alias: { electron: electronStub } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
