// The data-directory lock is an OS lock that dies with its owner: a pid left in gapwatch.lock that
// now belongs to another process (after a reboot) does not block, a live engine does, and a
// SIGKILLed one does not.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { runToEnd, startServe, tempDir, type Served } from '../helpers/serve.ts'
import { lockDataDir, InstanceLockedError } from '../../electron/engine/store/lock.ts'

const dirs: string[] = []
const dir = () => {
  const d = tempDir('gw-lock-')
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('the data-directory lock', () => {
  const running: Served[] = []
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop('SIGKILL')
  })

  it('is not blocked by a stale pid that now belongs to an unrelated live process', async () => {
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' })
    try {
      const d = dir()
      fs.writeFileSync(path.join(d, 'gapwatch.lock'), String(sleeper.pid)) // as left before a reboot
      const served = await startServe([], d)
      running.push(served)
      expect(fs.readFileSync(path.join(d, 'gapwatch.lock'), 'utf8')).toBe(String(served.child.pid))
    } finally {
      sleeper.kill('SIGKILL')
    }
  })

  it('refuses a second live engine on the same directory, naming the owner and the directory', async () => {
    const d = dir()
    const first = await startServe([], d)
    running.push(first)
    const second = await runToEnd(['serve', '--port', '0', '--data-dir', d])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`Another Gapwatch (pid ${first.child.pid}) is already using the data directory ${d}.`)
    expect(second.stderr).not.toMatch(/\n\s+at /) // a message, not a stack trace
    expect(first.child.exitCode).toBeNull() // and the first one is untouched
  })

  it('is released by the kernel when its owner is SIGKILLed', async () => {
    const d = dir()
    const first = await startServe([], d)
    expect(await first.stop('SIGKILL')).toBeNull()
    const next = await startServe([], d)
    running.push(next)
    expect(next.child.exitCode).toBeNull()
  })

  it('also holds within one process (a second lockDataDir on the same directory is refused)', () => {
    const d = dir()
    const lock = lockDataDir(d)
    expect(() => lockDataDir(d)).toThrow(InstanceLockedError)
    lock.release()
    lockDataDir(d).release()
  })
})
