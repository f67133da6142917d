// A pool worker's start-up cost: fork → `ready` → its first job's result on a tiny CSV, in the
// worker's CPU time (user + sys of all its threads, from /proc/<pid>/task/*/schedstat, ns; load does
// not distort it) and in wall time. This branch's worker against a baseline checkout's (--baseline
// DIR; without it the comparison is skipped, and the output says so) in the same run, alternating, next to a floor: a bare worker that only speaks the protocol (Node's own
// start and the IPC channel). Forked as the pool forks them (worker-host.ts: structured-clone IPC,
// the host's compile cache in NODE_COMPILE_CACHE), warm (a cache the side's worker filled at a
// normal exit before) and cold (an empty cache: the first scan after an install or an upgrade).
// Run alone: node bench/fvg/worker-start.ts [--runs N] [--baseline DIR]; npm run bench:fvg runs it too.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { workerEntry } from '../../electron/engine/pool/worker-host.ts'
import { median } from '../stats.ts'
import { benchArgs, numberFlag } from '../flags.ts'

interface Sample {
  readyWallMs: number
  readyCpuMs: number
  /** From fork to the first job's result. */
  resultWallMs: number
  resultCpuMs: number
}

/** CPU time of every live thread of a process, ms (schedstat: ns on CPU); null when unreadable. */
function threadsCpuMs(pid: number): number | null {
  try {
    let ns = 0
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0])
    }
    return ns / 1e6
  } catch {
    return null
  }
}

/**
 * Forks `entry`, sends one job when it is ready, and measures both moments. The worker is then
 * SIGKILLed as the pool ends its workers, or with `gently` disconnected so that it exits normally
 * (Node writes its compile cache at a normal exit: the warm-up gives each side its best cache).
 */
function startOnce(entry: string, cacheDir: string, csv: string, gently = false): Promise<Sample> {
  const t0 = performance.now()
  const child = fork(entry, [], {
    serialization: 'advanced',
    env: { ...process.env, NODE_COMPILE_CACHE: cacheDir, NODE_OPTIONS: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'],
  })
  const pid = child.pid ?? -1
  return new Promise((resolve, reject) => {
    let ready: { wall: number; cpu: number } | null = null
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before its first result`)))
    child.on('message', (m: { type: string; message?: string }) => {
      const wall = performance.now() - t0
      const cpu = threadsCpuMs(pid) ?? NaN
      if (m.type === 'ready') {
        ready = { wall, cpu }
        child.send({ type: 'job', jobId: 1, spec: { kind: 'scan', symbol: 'TINY', source: { kind: 'file', path: csv }, options: {} } })
      } else if (m.type === 'result' && ready) {
        const sample = { readyWallMs: ready.wall, readyCpuMs: ready.cpu, resultWallMs: wall, resultCpuMs: cpu }
        child.removeAllListeners('exit')
        if (gently) {
          child.once('exit', () => resolve(sample))
          child.disconnect()
        } else {
          child.kill('SIGKILL')
          resolve(sample)
        }
      } else if (m.type === 'error') {
        child.removeAllListeners('exit')
        child.kill('SIGKILL')
        reject(new Error(`${entry}: ${m.message}`))
      }
    })
  })
}

/** A worker that only speaks the protocol: the floor any worker pays. */
const BARE_WORKER = `process.on('message', (m) => {
  if (m?.type === 'job') process.send({ type: 'result', jobId: m.jobId, result: { symbol: m.spec.symbol } })
})
process.on('disconnect', () => process.exit(0))
process.send({ type: 'ready', pid: process.pid })
`

/** The baseline's worker entry in checkout `dir`; ends the benchmark (exit 2) when it has none. */
export function baselineWorker(dir: string): string {
  const entry = path.resolve(dir, 'electron/worker/index.ts')
  if (!fs.existsSync(entry)) {
    console.error(`--baseline ${dir}: no pool worker there (${entry} is missing)`)
    process.exit(2)
  }
  return entry
}

/** `base`: the baseline checkout's worker entry (baselineWorker); without it, no comparison. */
export async function benchWorkerStart(o: { runs: number; coldRuns: number; base?: string }): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-wstart-'))
  try {
    const csv = path.join(dir, 'tiny.csv')
    const rows = Array.from({ length: 200 }, (_, i) => `${1_704_067_200_000 + i * 60_000},${100 + (i % 7)},${102 + (i % 5)},${98 - (i % 3)},${101 + (i % 4)},10`)
    fs.writeFileSync(csv, `time,open,high,low,close,volume\n${rows.join('\n')}\n`)
    const bare = path.join(dir, 'bare-worker.mjs')
    fs.writeFileSync(bare, BARE_WORKER)
    const sides = [
      { name: 'this branch', entry: workerEntry },
      ...(o.base ? [{ name: 'base', entry: o.base }] : []),
      { name: 'bare worker', entry: bare },
    ]
    const warm: Sample[][] = sides.map(() => [])
    const cold: Sample[][] = sides.map(() => [])
    const caches = sides.map((_, i) => fs.mkdtempSync(path.join(dir, `cache${i}-`)))
    for (const [i, s] of sides.entries()) await startOnce(s.entry, caches[i], csv, true) // fills the side's cache
    for (let r = 0; r < Math.max(o.runs, o.coldRuns); r++) {
      for (const [i, s] of sides.entries()) {
        if (r < o.runs) warm[i].push(await startOnce(s.entry, caches[i], csv))
        if (r < o.coldRuns) {
          const empty = fs.mkdtempSync(path.join(dir, 'cold-'))
          cold[i].push(await startOnce(s.entry, empty, csv))
          fs.rmSync(empty, { recursive: true, force: true })
        }
      }
    }
    const load = os.loadavg().map((x) => x.toFixed(2)).join(' ')
    const fig = (xs: Sample[]) => ({
      readyCpu: median(xs.map((x) => x.readyCpuMs)), readyWall: median(xs.map((x) => x.readyWallMs)),
      resultCpu: median(xs.map((x) => x.resultCpuMs)), resultWall: median(xs.map((x) => x.resultWallMs)),
    })
    const lines = [`pool worker start-up (fork → ready → first job's result on a 200-row CSV), medians of ${o.runs} warm / ${o.coldRuns} cold runs, CPU = all the worker's threads:`]
    if (!o.base) lines.push('  no --baseline DIR: the comparison with a baseline checkout\'s worker is skipped')
    for (const [label, samples] of [['warm compile cache', warm], ['cold (empty cache)', cold]] as const) {
      const figs = samples.map(fig)
      for (const [i, s] of sides.entries()) {
        const f = figs[i]
        const vsBase = s.name === 'this branch' && figs[1] && sides[1]?.name === 'base'
          ? `   → ${(figs[1].resultCpu / f.resultCpu).toFixed(2)}× less CPU to the first result than base`
          : ''
        lines.push(`  ${label}, ${s.name.padEnd(11)}: ready ${f.readyCpu.toFixed(0)} ms CPU / ${f.readyWall.toFixed(0)} ms wall; first result ${f.resultCpu.toFixed(0)} ms CPU / ${f.resultWall.toFixed(0)} ms wall${vsBase}`)
      }
    }
    lines.push(`  load average (1, 5, 15 min) ${load}; ${os.availableParallelism()} cores`)
    return lines
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const args = benchArgs({ runs: { type: 'string' }, baseline: { type: 'string' } })
  const runs = numberFlag('--runs', args.runs, 7, { min: 1 })
  const base = args.baseline === undefined ? undefined : baselineWorker(args.baseline)
  for (const line of await benchWorkerStart({ runs, coldRuns: Math.max(1, Math.ceil(runs / 2)), base })) console.log(line)
}
