// CPU-time accounting of one `gapwatch scan` run (bench/fvg/cpu-probe.ts writes the figures), and
// what it implies on idle cores, which the machine's load does not distort as it does wall time.
// The run is cut at the main process's first fork, its first job sent, and its last worker message:
//   head   main CPU before the first fork (start-up, parsing the arguments): serial;
//   start  a worker's CPU until `ready` (process and module start-up): workers in parallel, and
//          alongside the main process's own start-up from the fork on (gapwatch scan forks first);
//   to job main CPU until its first job is sent (head, modules, options, checks, the split plan):
//          no job runs before it nor before a worker is ready, so the lead is max(to job, head + start);
//   jobs   each worker's CPU from `ready` to its last result or range written: the parallel part;
//   mid    main CPU from the first job to the last result (taking results, merging, writing): shares cores;
//   tail   main CPU after the last result (the last merge, format and write, closing): serial.
// On `cores` idle cores: lead + max(longest worker's jobs, (jobs + mid) / cores) + tail.
// In-process runs (no fork) are all head: their estimate is their CPU time.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const probe = path.resolve(import.meta.dirname, 'cpu-probe.ts')

interface Line {
  pid: number
  role: 'main' | 'worker'
  event: 'start' | 'ready' | 'result' | 'error' | 'part-written' | 'fill' | 'turn' | 'fork' | 'job' | 'exit'
  at: number
  cpuMs: number
  worker?: number
  startedAt?: number
  childrenMs?: number
}

export interface CpuAccount {
  wallMs: number
  /** Main process CPU, all of it, and its parts (to the first job + mid + tail). */
  mainMs: number
  headMs: number
  /** Main CPU until it sent its first job (the head, and what it does between the fork and the job). */
  firstJobMs?: number
  /** The serial start: max(firstJobMs, head + the slowest worker's start-up); all CPU when in-process. */
  leadMs: number
  midMs: number
  tailMs: number
  /** Every worker's CPU as reaped by the main process (kill included). */
  childrenMs: number
  /**
   * Per worker: start-up CPU (to `ready`), job CPU (to its last result or range written), and of that
   * the CPU from each split range's fill (or turn) to its `part-written`: the formatting and write
   * after the merge, on the run's critical path (what a worker does while it waits for the fill, a
   * warm-up, is in jobsMs but not here).
   */
  workers: { startMs: number; jobsMs: number; afterFillMs: number }[]
  /** head + mid + tail + childrenMs. */
  totalMs: number
  /** Wall time this run needs on `cores` idle cores, from the CPU times (see above). */
  idleEstimateMs: number
}

export function runAccounted(bin: string, args: string[], cores = 2): CpuAccount {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cpu-probe-'))
  try {
    // The compile cache bin/gapwatch.js turns on (module.enableCompileCache(): os.tmpdir()'s
    // node-compile-cache), on from the start: the probe, preloaded before the bin runs, then loads
    // from it too, as it does in the workers. Without it the main process alone stripped and compiled
    // the probe afresh each run, ~35 ms of CPU in its head that a user's scan never pays.
    const cache = process.env.NODE_COMPILE_CACHE ?? path.join(os.tmpdir(), 'node-compile-cache')
    const env = { ...process.env, NODE_COMPILE_CACHE: cache, GW_CPU_PROBE_DIR: dir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim() }
    const t0 = performance.now()
    const r = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env })
    const wallMs = performance.now() - t0
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`)
    const lines: Line[] = fs.readdirSync(dir).flatMap((f) =>
      fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line))
    return account(lines, wallMs, cores)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function account(lines: Line[], wallMs: number, cores: number): CpuAccount {
  const main = lines.filter((l) => l.role === 'main')
  const exit = main.find((l) => l.event === 'exit')
  if (!exit) throw new Error('the scan left no CPU figures (was the probe loaded?)')
  const fork = main.find((l) => l.event === 'fork')
  const results = main.filter((l) => l.event === 'result' || l.event === 'error')
  const lastResult = results.length ? results[results.length - 1] : undefined
  const headMs = fork?.cpuMs ?? exit.cpuMs
  const firstJobMs = main.find((l) => l.event === 'job')?.cpuMs
  const tailMs = lastResult ? exit.cpuMs - lastResult.cpuMs : 0
  const midMs = exit.cpuMs - (firstJobMs ?? headMs) - tailMs
  const byPid = new Map<number, Line[]>()
  for (const l of lines) if (l.role === 'worker') byPid.set(l.pid, [...(byPid.get(l.pid) ?? []), l])
  const workers = [...byPid.values()].map((ls) => {
    const ready = ls.find((l) => l.event === 'ready')?.cpuMs ?? 0
    const last = Math.max(ready, ...ls.map((l) => l.cpuMs))
    // From a range's fill (or its turn, without one) to its part-written; a whole file's turn ends at its result.
    let afterFillMs = 0
    let since: { cpuMs: number; event: string } | null = null
    for (const l of ls) {
      if ((l.event === 'fill' || l.event === 'turn') && since === null) since = l
      else if ((l.event === 'result' || l.event === 'error') && since?.event === 'turn') since = null
      else if (l.event === 'part-written' && since !== null) {
        afterFillMs += l.cpuMs - since.cpuMs
        since = null
      }
    }
    return { startMs: ready, jobsMs: last - ready, afterFillMs }
  })
  const childrenMs = exit.childrenMs ?? 0
  const jobs = workers.reduce((a, w) => a + w.jobsMs, 0)
  const start = Math.max(0, ...workers.map((w) => w.startMs))
  const longest = Math.max(0, ...workers.map((w) => w.jobsMs))
  const leadMs = fork ? Math.max(firstJobMs ?? headMs, headMs + start) : exit.cpuMs
  const idleEstimateMs = fork ? leadMs + Math.max(longest, (jobs + midMs) / cores) + tailMs : exit.cpuMs
  return { wallMs, mainMs: exit.cpuMs, headMs, firstJobMs, midMs, tailMs, leadMs, childrenMs, workers, totalMs: exit.cpuMs + childrenMs, idleEstimateMs }
}

/** One line of figures: wall, CPU of each part, and the idle-core estimate. */
export function describeAccount(a: CpuAccount): string {
  const ms = (x: number) => x.toFixed(0)
  const w = a.workers.length
    ? `; workers (start-up + jobs) ${a.workers.map((x) => `${ms(x.startMs)}+${ms(x.jobsMs)}${x.afterFillMs > 0 ? ` (${ms(x.afterFillMs)} after the fill)` : ''}`).join(', ')} ms, reaped ${ms(a.childrenMs)} ms`
    : ''
  return `wall ${ms(a.wallMs)} ms, CPU ${ms(a.totalMs)} ms: main ${ms(a.mainMs)} (head ${ms(a.headMs)}${a.firstJobMs === undefined ? '' : `, to first job ${ms(a.firstJobMs)}`}, mid ${ms(a.midMs)}, tail ${ms(a.tailMs)})${w} → idle-core estimate ${ms(a.idleEstimateMs)} ms`
}
