// Temp directories for tests: every one made through tempDir() is removed after its test file
// (test/helpers/cleanup.setup.ts), once the processes the file started have been stopped.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const made = new Set<string>()

export function tempDir(prefix = 'gw-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.add(dir)
  return dir
}

/** Removes every directory tempDir() made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
  made.clear()
}
