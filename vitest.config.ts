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
    // One fresh TMPDIR per run, which must be empty at the end; each file's temp dirs and children are cleaned up.
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/cleanup.setup.ts'],
  },
})
