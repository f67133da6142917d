// `gapwatch scan` forks its workers before it loads the scanner's modules (cli/scan-early.ts), so
// their start-up overlaps its own. What that must not change: a usage error still exits 2 with its
// message, leaves no output file, and ends the workers before the process exits; a signal to the
// main process alone still ends it at once, and its workers end quietly; a scan in this process,
// --help, or arguments that do not parse fork none.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import module from 'node:module'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { runGapwatch, runToEnd, tempDir } from '../../helpers/serve.ts'
import { bundledDataPath } from '../../../electron/engine/market/index.ts'
import { SMALL_RANGE_BYTES, SMALL_RANGES_PRELOAD, withPreloads } from '../../helpers/split-env.ts'

const watch = path.resolve(import.meta.dirname, '../../fixtures/pool/fork-watch.mjs')
const unclaimed = path.resolve(import.meta.dirname, '../../fixtures/pool/early-unclaimed.ts')
const csv = bundledDataPath('eurusd_15m.csv')

interface Watched {
  forks: { pid: number; ended: boolean }[]
  loadedAtFork: string[] | null
  /** Every module the main process loaded, by its exit. */
  loaded: string[]
}

/** `preloads` load after the watcher, so it sees what they import. */
async function scanWatched(args: string[], env: Record<string, string> = {}, preloads: string[] = []) {
  const r = await runToEnd(['scan', ...args], { ...env, NODE_OPTIONS: withPreloads(watch, ...preloads) })
  const line = r.stderr.split('\n').find((l) => l.startsWith('fork-watch: '))
  if (!line) throw new Error(`the preload did not report: ${r.stderr}`)
  const watched = JSON.parse(line.slice('fork-watch: '.length)) as Watched
  return { ...r, stderr: r.stderr.replace(`${line}\n`, ''), watched }
}

/** Runs a scan whose preload signals the main process right after its first fork (fork-watch.mjs). */
function scanSignalled(args: string[], signal: NodeJS.Signals) {
  const child = runGapwatch(['scan', ...args], { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${watch}`.trim(), FORK_WATCH_SIGNAL: signal })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  // 'close' waits for every holder of the stderr pipe: the workers inherit it.
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; pids: number[] }>((resolve) =>
    child.on('close', (code, sig) => resolve({ code, signal: sig, stderr, pids: [...stderr.matchAll(/^fork-watch-pid: (\d+)$/gm)].map((m) => Number(m[1])) })),
  )
}

/** Gone, or a zombie waiting for whoever adopted it to reap it. */
function ended(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z')
  } catch {
    return true
  }
}

describe('gapwatch scan starts its workers early', () => {
  // The module list needs module.registerHooks (Node ≥ 22.15; the project's Node 24 has it).
  it.skipIf(!('registerHooks' in module))('forks them before loading zod, the pool, the market code or pino', async () => {
    const r = await scanWatched([csv, csv, '--workers', '2', '--format', 'json'])
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as { stats: { files: number } }).stats.files).toBe(2)
    expect(r.watched.forks).toHaveLength(2)
    const early = r.watched.loadedAtFork ?? []
    expect(early.some((u) => u.endsWith('/electron/cli/main.ts'))).toBe(true)
    for (const re of [/\/node_modules\/zod\//, /\/node_modules\/pino\//, /\/engine\/pool\/pool\.ts$/, /\/engine\/market\/index\.ts$/, /\/cli\/scan\.ts$/]) {
      expect(early.filter((u) => re.test(u)), String(re)).toEqual([])
    }
  })

  // Its options are checked without zod and its specs go to PoolCore as they are (pool-core.ts
  // trustSpec): loading zod cost ~35 ms of CPU before the first job. A split file included (its
  // plan and merge), which a small range size makes of the bundled file.
  it.skipIf(!('registerHooks' in module))('never loads zod in the main process, a split file and a bad option included', async () => {
    const r = await scanWatched([csv, '--workers', '2', '--format', 'json', '--min-gap', 'atr:0.5:20', '--middle', 'close-beyond'], { GW_RANGE_BYTES: String(SMALL_RANGE_BYTES / 4) }, [SMALL_RANGES_PRELOAD])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { symbols: { fvgs: unknown[] }[] }
    expect(out.symbols[0].fvgs.length).toBeGreaterThan(0)
    expect(r.watched.loaded.some((u) => u.endsWith('/engine/pool/file-merge.ts')), 'the file was split').toBe(true)
    expect(r.watched.loaded.some((u) => u.endsWith('/engine/pool/pool-core.ts'))).toBe(true)
    expect(r.watched.loaded.filter((u) => /\/node_modules\/zod\/|\/shared\/fvg\.ts$|\/engine\/pool\/(pool|protocol)\.ts$/.test(u))).toEqual([])
    const bad = await scanWatched([csv, csv, '--workers', '2', '--min-gap', 'atr:1:5000'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--min-gap: "atr:1:5000": the period must be at most 1000.')
    expect(bad.watched.loaded.filter((u) => /\/node_modules\/zod\//.test(u))).toEqual([])
  })

  it('a usage error after the early fork exits 2 with its message, no output file, and its workers ended', async () => {
    const out = path.join(tempDir('gw-scan-early-'), 'out.json')
    const r = await scanWatched([csv, csv, '--workers', '2', '--format', 'json', '--middle', 'sideways', '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/Invalid option: .*middle/)
    expect(r.stdout).toBe('')
    expect(fs.existsSync(out)).toBe(false)
    expect(r.watched.forks).toHaveLength(2)
    expect(r.watched.forks.every((f) => f.ended)).toBe(true)
  })

  it('the same with --verbose: the workers forked for the arguments without it are the ones ended', async () => {
    const r = await scanWatched([csv, '--verbose', csv, '--workers', '2', '--format', 'xml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--format: \\"xml\\" is not json, csv or table.')
    expect(r.watched.forks).toHaveLength(2)
    expect(r.watched.forks.every((f) => f.ended)).toBe(true)
  })

  it('an early start the scan never claims is ended by the exit: workers ended, the created --out removed', async () => {
    const out = path.join(tempDir('gw-scan-early-'), 'out.json')
    const child = spawn(process.execPath, ['--import', watch, unclaimed, csv, csv, '--workers', '2', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    const line = stderr.split('\n').find((l) => l.startsWith('fork-watch: '))
    expect(line, stderr).toBeDefined()
    const watched = JSON.parse(line!.slice('fork-watch: '.length)) as Watched
    expect(watched.forks).toHaveLength(2)
    expect(watched.forks.every((f) => f.ended)).toBe(true)
    expect(fs.existsSync(out)).toBe(false)
  })

  it('forks none for a scan in this process, --workers 0, --help, or arguments that do not parse', async () => {
    const inProcess = await scanWatched([csv, '--format', 'json'])
    expect(inProcess.code).toBe(0)
    expect(inProcess.watched.forks).toEqual([])
    const zero = await scanWatched([csv, csv, '--workers', '0'])
    expect(zero.code).toBe(2)
    expect(zero.stderr).toContain('--workers: "0" is not a whole number from 1 to 64.')
    expect(zero.watched.forks).toEqual([])
    const help = await scanWatched(['--help', csv, csv])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: gapwatch scan')
    expect(help.watched.forks).toEqual([])
    const unknown = await scanWatched([csv, csv, '--no-such-option'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--no-such-option')
    expect(unknown.watched.forks).toEqual([])
  })

  // A signal to the main process alone (kill PID, a supervisor) keeps its default action: the process
  // ends at once (a listener would wait for the event loop, which a FIFO open or a stalled pipe holds).
  // Its workers see their channel close and end; they printed "Unhandled 'error' event" EPIPE traces
  // when they reported to it after it had gone.
  it.each(['SIGTERM', 'SIGINT'] as const)('%s to the main process after the early fork: ends it by that signal, and the workers quietly', async (signal) => {
    const out = path.join(tempDir('gw-scan-signal-'), 'out.json')
    const r = await scanSignalled([csv, csv, '--workers', '2', '--format', 'json', '--out', out], signal)
    expect(r.signal).toBe(signal)
    // the preload signals right after the first fork, which ends the process before the second
    expect(r.pids).toHaveLength(1)
    await vi.waitFor(() => expect(r.pids.filter((pid) => !ended(pid))).toEqual([]), { timeout: 10_000, interval: 50 })
    expect(r.stderr).not.toMatch(/Unhandled|EPIPE|Error/)
  })

  // Linux: /proc/PID/wchan tells that the main thread waits in the FIFO's open (no reader yet).
  it.runIf(process.platform === 'linux')('SIGTERM ends a scan waiting for a reader on a FIFO --out', async () => {
    const fifo = path.join(tempDir('gw-scan-fifo-'), 'out.fifo')
    execFileSync('mkfifo', [fifo])
    const child = runGapwatch(['scan', csv, '--out', fifo])
    const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)))
    const wchan = () => {
      try {
        return fs.readFileSync(`/proc/${child.pid}/wchan`, 'utf8')
      } catch {
        return ''
      }
    }
    await vi.waitFor(() => expect(wchan()).toBe('wait_for_partner'), { timeout: 20_000, interval: 50 })
    child.kill('SIGTERM')
    expect(await closed).toBe('SIGTERM')
  })
})
