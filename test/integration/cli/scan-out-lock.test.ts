// Two `gapwatch scan`s given one --out (cli/out-lock.ts). Each emptied the file and had its workers
// write at their own offsets: both exited 0, and the file held the second run's rows, NUL bytes, then
// the first run's tail (review finding 5). Now the second run is refused, naming the file, and leaves
// it to the first. Made deterministic by stopping the first run (its process group: it and its
// workers) once its workers have written rows, running the second to its end, then letting the first
// go on. The lock dies with its owner: a run killed mid-write does not block the next one.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { gapwatchBin, runToEnd, tempDir } from '../../helpers/serve.ts'
import { smallRangesEnv } from '../../helpers/split-env.ts'
import { generateCandles, writeCandlesCsv } from '../../../electron/engine/market/index.ts'

/** The lock folder a run leaves only when it is killed (the runs here share this process's TMPDIR). */
const lockFolders = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('gapwatch-out-locks'))

function files(): { dir: string; big: string; small: string; out: string } {
  const dir = tempDir('gw-out-lock-')
  const big = path.join(dir, 'BIG.csv')
  const small = path.join(dir, 'SMALL.csv')
  writeCandlesCsv(big, generateCandles({ seed: 5, count: 400_000, intervalMs: 60_000, startPrice: 100 }))
  writeCandlesCsv(small, generateCandles({ seed: 6, count: 2_000, intervalMs: 60_000, startPrice: 100 }))
  return { dir, big, small, out: path.join(dir, 'zones.csv') }
}

/** Starts a split scan of `big` to `out` in a process group of its own; resolves once its workers have written rows. */
async function startWriting(big: string, out: string): Promise<{ child: ChildProcess; done: Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, [gapwatchBin, 'scan', big, '--workers', '2', '--format', 'csv', '--out', out], {
    env: { ...process.env, ...smallRangesEnv() }, detached: true, stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  let exited = false
  const done = new Promise<number | null>((resolve) => child.on('close', resolve))
  void done.then(() => (exited = true))
  while (!exited && !(fs.existsSync(out) && fs.statSync(out).size > 100_000)) await new Promise((r) => setImmediate(r))
  expect(exited).toBe(false) // precondition: caught mid-write
  return { child, done, stderr: () => stderr }
}

function endGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGCONT')
    process.kill(-child.pid!, 'SIGKILL')
  } catch {
    // already gone
  }
}

it('a second scan to an --out another scan is writing is refused, naming it, and the first one writes it whole', async () => {
  const { big, small, out } = files()
  const a = await startWriting(big, out)
  try {
    process.kill(-a.child.pid!, 'SIGSTOP')
    const b = await runToEnd(['scan', small, '--format', 'csv', '--out', out])
    process.kill(-a.child.pid!, 'SIGCONT')
    expect(b.stderr).toBe(`gapwatch: --out: ${out} is being written by another gapwatch scan; wait for it to end, or choose another file.\n`)
    expect(b.code).toBe(1)
    expect(await a.done).toBe(0)
    expect(a.stderr()).toBe('')
    const whole = await runToEnd(['scan', big, '--format', 'csv'])
    expect(fs.readFileSync(out, 'utf8')).toBe(whole.stdout)
    expect(lockFolders()).toEqual([]) // a run that ends removes its lock
    // And with the first one done, the next run writes it.
    const c = await runToEnd(['scan', small, '--format', 'csv', '--out', out])
    expect(c.code).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toBe((await runToEnd(['scan', small, '--format', 'csv'])).stdout)
  } finally {
    endGroup(a.child)
    await a.done
  }
}, 120_000)

it('a scan killed while writing --out does not keep the next one from it', async () => {
  const { big, small, out } = files()
  const a = await startWriting(big, out)
  try {
    process.kill(-a.child.pid!, 'SIGKILL')
    await a.done
    const b = await runToEnd(['scan', small, '--format', 'csv', '--out', out])
    expect(b.stderr).toBe('')
    expect(b.code).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toBe((await runToEnd(['scan', small, '--format', 'csv'])).stdout)
  } finally {
    endGroup(a.child)
    await a.done
    // The killed run's lock file stays (reused by the next run on that file); this test's TMPDIR must end empty.
    for (const name of lockFolders()) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true })
  }
}, 120_000)
