// In-process parse + scan of a 1M-candle CSV against a plain C parse-and-scan of the same file
// (bench/fvg/c-baseline.c, built with the system's cc -O2), in CPU time (user + sys) of alternating
// runs, so the machine's load distorts it little. The Node figure is the job alone (what the
// scanner adds to a process that is already running) and the whole `node` process (start-up too).
// Issue 13: in-process no slower than ≈ 1.6× the C parse-and-scan; aim 1.3×.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { median } from '../stats.ts'

const source = path.resolve(import.meta.dirname, 'c-baseline.c')
const scanJob = path.resolve(import.meta.dirname, '../../electron/engine/pool/scan-job.ts')

/** CPU time of the children this process has reaped (cutime + cstime of /proc/self/stat), in ms. */
function reapedMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(f[13]) + Number(f[14])) * 10 // USER_HZ = 100
}

/** Runs a command to its end; its user + sys CPU time (10 ms resolution) and its output. */
function cpuOf(cmd: string, args: string[]): { ms: number; stdout: string } {
  const before = reapedMs()
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`)
  return { ms: reapedMs() - before, stdout: r.stdout }
}

export function benchAgainstC(o: { csv: string; dir: string; runs: number }): string {
  const exe = path.join(o.dir, 'c-baseline')
  const cc = spawnSync('cc', ['-O2', '-o', exe, source], { encoding: 'utf8' })
  if (cc.status !== 0) return `in-process vs C: skipped (no C compiler: ${cc.error?.message ?? cc.stderr.trim()})`
  const code = `import { runScanJob } from ${JSON.stringify(scanJob)}
const c0 = process.cpuUsage()
const r = await runScanJob({ kind: 'scan', symbol: 'X', source: { kind: 'file', path: ${JSON.stringify(o.csv)} }, options: {} })
const c = process.cpuUsage(c0)
console.log(JSON.stringify({ jobMs: (c.user + c.system) / 1000, fvgs: r.fvgs }))`
  const cs: number[] = []
  const jobs: number[] = []
  const procs: number[] = []
  let counts = ''
  for (let i = 0; i < o.runs; i++) {
    const c = cpuOf(exe, [o.csv])
    cs.push(c.ms)
    counts = c.stdout.trim()
    const n = cpuOf(process.execPath, ['--input-type=module', '-e', code])
    procs.push(n.ms)
    jobs.push((JSON.parse(n.stdout) as { jobMs: number }).jobMs)
  }
  const c = median(cs)
  return `in-process parse + scan of 1M candles vs C (${counts}): C ${c.toFixed(0)} ms CPU, Node job ${median(jobs).toFixed(0)} ms (${(median(jobs) / c).toFixed(2)}×), whole node process ${median(procs).toFixed(0)} ms (${(median(procs) / c).toFixed(2)}×), medians of ${o.runs}   target ≤ 1.6×, aim 1.3×`
}
