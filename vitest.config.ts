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
    // expect.poll waits on conditions (a price on the page, a sample in the store): 1 s by default is a
    // guess about the machine's speed; a slow or busy one gets the same answer a little later.
    expect: { poll: { timeout: 15_000 } },
    // One fresh TMPDIR per run, which must be empty at the end; each file's temp dirs and children are cleaned up.
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/cleanup.setup.ts'],
  },
})
