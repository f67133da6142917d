// The process-wide crash guard: unhandled rejections and a few uncaught exceptions are logged with
// their stack and survived; exceptions that keep coming end the process with 70 after the shutdown
// hooks ran. And `gapwatch serve` has it installed.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { gapwatchBin, tempDir } from '../helpers/serve.ts'
import { NO_GPU } from '../helpers/gpu.ts'

const fixtures = path.resolve(import.meta.dirname, '../fixtures/crash-guard')

/** A child whose stdout and stderr are collected, with a wait on either. */
function child(args: string[]): { proc: ChildProcess; out: () => string; err: () => string; until: (test: () => boolean, what: string) => Promise<void> } {
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GAPWATCH_NVIDIA_SMI: NO_GPU } })
  let out = ''
  let err = ''
  const waiters = new Set<() => void>()
  const poke = () => waiters.forEach((w) => w())
  proc.stdout!.on('data', (d: Buffer) => ((out += d.toString()), poke()))
  proc.stderr!.on('data', (d: Buffer) => ((err += d.toString()), poke()))
  proc.on('exit', poke)
  const until = (test: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!test()) return
        clearTimeout(timer)
        waiters.delete(check)
        resolve()
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`timed out waiting for ${what}; stdout: ${out}; stderr: ${err}`))
      }, 20_000)
      waiters.add(check)
      check()
    })
  return { proc, out: () => out, err: () => err, until }
}

const count = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length

describe('installCrashGuard', () => {
  it('logs and survives rejections and a few exceptions; exits 70 after flushing when they repeat', async () => {
    const c = child([path.join(fixtures, 'trigger.ts'), '3'])
    await c.until(() => c.out().includes('ready'), 'ready')
    // 'close', not 'exit': the pipes are read to their end first.
    const exited = new Promise<number | null>((resolve) => c.proc.on('close', (code) => resolve(code)))

    c.proc.stdin!.write('reject\nreject\nping\n')
    await c.until(() => c.out().includes('pong'), 'pong after two rejections')
    // stdout and stderr are two pipes: the log lines may arrive after the pong, so wait for them.
    const rejected = /unhandled promise rejection \(#\d\), survived: Error: bang from a promise/
    await c.until(() => count(c.err(), rejected) >= 2, 'two rejections logged')
    expect(count(c.err(), rejected)).toBe(2)
    expect(c.err()).toMatch(/bang from a promise\n\s+at /) // with the stack

    for (let k = 1; k <= 3; k++) {
      c.proc.stdin!.write('throw\nping\n')
      await c.until(() => count(c.out(), /^pong$/) === k + 1, `pong after exception ${k}`)
    }
    const survived = /uncaught exception \(#\d, \d in the last 60s\), survived: Error: boom from a callback/
    await c.until(() => count(c.err(), survived) >= 3, 'three exceptions logged')
    expect(count(c.err(), survived)).toBe(3)
    expect(c.proc.exitCode).toBeNull()

    c.proc.stdin!.write('throw\n') // the fourth within a minute
    expect(await exited).toBe(70)
    expect(c.out()).toMatch(/flushed/) // the shutdown hook ran (and was awaited) before the exit
    expect(c.err()).toMatch(/4 uncaught exceptions within 60s: saving what is buffered and exiting with 70/)
  })
})

describe('gapwatch serve', () => {
  const dataDir = tempDir('gw-guard-')
  let proc: ChildProcess | null = null
  afterAll(() => {
    if (proc?.exitCode === null) proc.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('survives an unhandled rejection and an uncaught exception, logged with their stacks', async () => {
    // As startServe, with the fault injector loaded first.
    const c = child(['--import', path.join(fixtures, 'serve-faults.ts'), gapwatchBin, 'serve', '--port', '0', '--data-dir', dataDir])
    proc = c.proc
    await c.until(() => /gapwatch serve: http/.test(c.out()), 'serve to start')
    const url = /gapwatch serve: (http:\/\/\S+)/.exec(c.out())![1]

    c.proc.kill('SIGUSR2')
    await c.until(() => /injected exception/.test(c.err()) && /injected rejection/.test(c.err()), 'both faults logged')
    expect(c.err()).toMatch(/unhandled promise rejection \(#1\), survived: Error: injected rejection\n\s+at /)
    expect(c.err()).toMatch(/uncaught exception \(#1, 1 in the last 60s\), survived: Error: injected exception\n\s+at /)
    const health = (await (await fetch(`${url}/api/health`, { headers: { origin: url } })).json()) as { ok: boolean }
    expect(health.ok).toBe(true)
    expect(c.proc.exitCode).toBeNull()
    c.proc.kill('SIGTERM')
    await c.until(() => c.proc.exitCode !== null, 'exit')
    expect(c.proc.exitCode).toBe(0)
  })
})
