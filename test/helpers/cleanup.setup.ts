// Runs in every test file (vitest setupFiles): after the file, the gapwatch processes it started
// are stopped and then the temp directories made through tempDir() are removed.
import { afterAll } from 'vitest'
import { killLeftoverChildren } from './serve.ts'
import { removeTempDirs } from './temp.ts'

afterAll(async () => {
  await killLeftoverChildren()
  removeTempDirs()
})
