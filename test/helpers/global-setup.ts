// vitest globalSetup. nvidia-smi is never the one in PATH: GAPWATCH_NVIDIA_SMI names a missing file
// for every process the tests start (a test that wants a GPU passes the fake's path explicitly).
// The whole run gets one fresh TMPDIR (inherited by the test workers and every
// process they start, so os.tmpdir() points there). At the end it must be empty: whatever a test
// left behind is listed and fails the run, and the directory is removed either way.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { NO_GPU } from './gpu.ts'

// Caches that tools keep in the temp folder by design, not made by a test.
const CACHES = new Set([
  'node-compile-cache', // bin/gapwatch.js enables Node's compile cache (os.tmpdir()/node-compile-cache)
])

export default function setup(): () => void {
  const before = process.env.TMPDIR
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gapwatch-test-run-'))
  process.env.TMPDIR = runDir
  process.env.GAPWATCH_NVIDIA_SMI = NO_GPU
  return () => {
    const left = fs.readdirSync(runDir).filter((name) => !CACHES.has(name))
    if (before === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = before
    fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
    if (left.length > 0) {
      const message = `Tests left ${left.length} entries in the temp folder (every test must remove what it creates):\n  ${left.join('\n  ')}`
      console.error(`\n${message}\n`)
      process.exitCode = 1
      throw new Error(message)
    }
  }
}
