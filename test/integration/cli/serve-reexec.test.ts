// `gapwatch serve` starts its engine again (same pid, process.execve) with glibc's malloc tuned
// (cli/serve-reexec.ts, engine/malloc-tuning.ts), and gives every child the user's environment back.
// Linux with glibc only (/proc, process.execve, GLIBC_TUNABLES).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { MALLOC_TUNABLE, MALLOC_TUNED_MARK } from '../../../electron/engine/malloc-tuning.ts'
import { NO_REEXEC_ENV, RECOMPILED_MARK, TYPE_STRIPPER_MODULE } from '../../../electron/cli/serve-reexec.ts'
import { killLeftoverChildren, startServe, tempDir } from '../../helpers/serve.ts'
import { NVIDIA_FIXTURES } from '../../helpers/gpu.ts'

const environ = (pid: number): Record<string, string> => parseEnv(fs.readFileSync(`/proc/${pid}/environ`, 'utf8'), '\0')
const parseEnv = (text: string, sep: string): Record<string, string> =>
  Object.fromEntries(text.split(sep).filter((kv) => kv.includes('=')).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]))
const children = (pid: number): number[] =>
  fs.readdirSync(`/proc/${pid}/task`).flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime

/** An nvidia-smi that writes its environment (NUL-separated) to `out`, then answers like the fixture. */
function envDumpingNvidiaSmi(out: string): string {
  const file = path.join(tempDir('gw-env-smi-'), 'nvidia-smi')
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`
  fs.writeFileSync(
    file,
    [
      '#!/bin/sh',
      `env -0 > ${q(out)}.tmp && mv ${q(out)}.tmp ${q(out)}`,
      `FAKE_SMI_FIXTURE=${q(path.join(NVIDIA_FIXTURES, 'one-gpu.csv'))} exec ${q(process.execPath)} ${q(path.join(NVIDIA_FIXTURES, 'fake-nvidia-smi.mjs'))} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  )
  return file
}

describe.runIf(process.platform === 'linux' && typeof process.execve === 'function' && glibc !== undefined)('gapwatch serve: malloc tuning', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await killLeftoverChildren()
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  it("runs the engine with the tunable added to the user's, and every child with the user's environment alone", async () => {
    const dataDir = tempDir('gw-malloc-')
    const smiEnv = path.join(tempDir('gw-malloc-env-'), 'env')
    dirs.push(dataDir, path.dirname(smiEnv))
    const served = await startServe([], dataDir, { GLIBC_TUNABLES: 'glibc.malloc.arena_max=4', GAPWATCH_NVIDIA_SMI: envDumpingNvidiaSmi(smiEnv) })
    const pid = served.child.pid!
    // The process that printed its URL is the one spawned: execve kept the pid. /proc shows the
    // environment the image started with (the tunable first: glibc 2.36 cuts its copy at the first ':').
    const env = environ(pid)
    expect(env.GLIBC_TUNABLES.split(':')[0]).toBe(MALLOC_TUNABLE)
    expect(env[MALLOC_TUNED_MARK]).toBe('glibc.malloc.arena_max=4')
    // The first-run scan starts pool workers.
    let workers: number[] = []
    await expect.poll(() => (workers = children(pid)).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0)
    for (const w of workers) {
      let e: Record<string, string>
      try {
        e = environ(w)
      } catch {
        continue // exited meanwhile
      }
      expect(e.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=4')
      expect(e[MALLOC_TUNED_MARK]).toBeUndefined()
    }
    // Not only the workers: the GPU sampler's nvidia-smi too.
    await expect.poll(() => fs.existsSync(smiEnv), { timeout: 60_000, interval: 100 }).toBe(true)
    const smi = parseEnv(fs.readFileSync(smiEnv, 'utf8'), '\0')
    expect(smi.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=4')
    expect(Object.keys(smi).filter((k) => k.startsWith('GAPWATCH_') && k !== 'GAPWATCH_NVIDIA_SMI')).toEqual([])
    expect(await served.stop()).toBe(0)
  })

  it('after a start that compiled its TypeScript (a cold compile cache), runs once more without the type stripper', async () => {
    const dir = tempDir('gw-cold-cache-')
    dirs.push(dir)
    const out = path.join(dir, 'modules.json')
    const probe = fileURLToPath(new URL('../../fixtures/serve-module-probe.mjs', import.meta.url))
    const env = { NODE_COMPILE_CACHE: path.join(dir, 'cache'), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim(), GAPWATCH_MODULE_PROBE_OUT: out }
    const served = await startServe([], path.join(dir, 'data'), env)
    const pid = served.child.pid!
    expect(environ(pid)[RECOMPILED_MARK]).toBe('1')
    expect(fs.readdirSync(path.join(dir, 'cache')).length).toBeGreaterThan(0) // the first images saved what they compiled
    served.child.kill('SIGUSR2')
    await expect.poll(() => fs.existsSync(out), { timeout: 10_000, interval: 50 }).toBe(true)
    const { builtins } = JSON.parse(fs.readFileSync(out, 'utf8')) as { builtins: string[] }
    expect(builtins).toContain('NativeModule http')
    expect(builtins).not.toContain(TYPE_STRIPPER_MODULE)
    // The children get the user's environment: no mark.
    let workers: number[] = []
    await expect.poll(() => (workers = children(pid)).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0)
    for (const w of workers) {
      try {
        expect(environ(w)[RECOMPILED_MARK]).toBeUndefined()
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err // exited meanwhile
      }
    }
    expect(await served.stop()).toBe(0)
  })

  it(`does not start again with ${NO_REEXEC_ENV}=1`, async () => {
    const dataDir = tempDir('gw-malloc-off-')
    dirs.push(dataDir)
    const served = await startServe([], dataDir, { [NO_REEXEC_ENV]: '1' })
    const env = environ(served.child.pid!)
    expect(env[MALLOC_TUNED_MARK]).toBeUndefined()
    expect(env.GLIBC_TUNABLES ?? '').not.toContain(MALLOC_TUNABLE)
    expect(await served.stop()).toBe(0)
  })
})
