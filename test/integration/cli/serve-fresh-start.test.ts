// `gapwatch serve` starts its engine in a fresh process image (same pid) when that saves memory
// (cli/fresh-start.ts): with glibc's malloc tuned (engine/malloc-tuning.ts), its pool workers keeping
// the environment the user gave; and once more after a cold compile cache, so Node's TypeScript
// stripper is not kept loaded. Linux only (/proc, process.execve).
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { MALLOC_TUNABLE, MALLOC_TUNED_MARK } from '../../../electron/engine/malloc-tuning.ts'
import { WARM_RESTART_MARK } from '../../../electron/cli/fresh-start.ts'
import { killLeftoverChildren, startServe, tempDir } from '../../helpers/serve.ts'

const environ = (pid: number): Record<string, string> =>
  Object.fromEntries(
    fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  )
const children = (pid: number): number[] =>
  fs.readdirSync(`/proc/${pid}/task`).flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))

describe.runIf(process.platform === 'linux' && typeof process.execve === 'function')('gapwatch serve: fresh start', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await killLeftoverChildren()
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  it("runs the engine with the tunable added to the user's, and the workers with the user's alone", async () => {
    const dataDir = tempDir('gw-malloc-')
    dirs.push(dataDir)
    const served = await startServe([], dataDir, { GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' })
    const pid = served.child.pid!
    // The process that printed its URL is the one spawned: execve kept the pid.
    const env = environ(pid)
    // The tunable comes first: glibc 2.36 shows /proc/<pid>/environ's copy cut at the first ':'.
    expect(env.GLIBC_TUNABLES.split(':')[0]).toBe(MALLOC_TUNABLE)
    expect(env[MALLOC_TUNED_MARK]).toBe('glibc.malloc.arena_max=4')
    // The first-run scan starts pool workers.
    let workers: number[] = []
    await expect.poll(() => (workers = children(pid)).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0)
    const w = environ(workers[0])
    expect(w.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=4')
    expect(w[MALLOC_TUNED_MARK]).toBeUndefined()
    expect(await served.stop()).toBe(0)
  })

  it('starts again once after a cold compile cache, and not when the cache is warm', async () => {
    const cache = tempDir('gw-cold-cache-')
    const dataDir = tempDir('gw-cold-data-')
    dirs.push(cache, dataDir)
    const env = { NODE_COMPILE_CACHE: cache } // bin/gapwatch.js's enableCompileCache() takes it
    const cold = await startServe([], dataDir, env)
    expect(environ(cold.child.pid!)[WARM_RESTART_MARK]).toBe('1')
    expect(await cold.stop()).toBe(0)
    expect(fs.readdirSync(cache).length).toBeGreaterThan(0) // written before the restart
    const warm = await startServe([], dataDir, env)
    expect(environ(warm.child.pid!)[WARM_RESTART_MARK]).toBeUndefined()
    expect(await warm.stop()).toBe(0)
  })
})
