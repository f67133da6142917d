// The serial parts of `gapwatch scan`, this checkout against another (--baseline DIR, e.g. a
// checkout of main) in the same run, alternating runs so both see the same moments of a busy machine.
// For each case the medians of: wall time; the main process's CPU before its first fork (head), to
// its first job sent (to job), and in all; the slowest worker's start-up CPU; and the idle-core
// estimate of bench/fvg/cpu-account.ts. CPU times are what a loaded machine distorts least; the
// wall time also holds what costs no CPU, such as waiting in close() for the output to reach the disk.
// With a baseline, each case also gives this/base ratios of wall time, main CPU and the idle-core
// estimate: the median of the ratios of the runs made side by side (run r of this against run r of
// base), so a moment of load that hits both sides of a pair cancels out.
// Cases: 2 small files with 2 workers (all fixed cost), 6 × 1M candles with 1 and 2 workers, and
// one 1M-candle file in-process and with 2 workers, each to an --out file that exists (a rerun).
//   node bench/fvg/scan-serial.ts --baseline DIR [--runs N]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeGeneratedCsv } from './csv.ts'
import { runAccounted, type CpuAccount } from './cpu-account.ts'
import { median } from '../stats.ts'
import { benchArgs, numberFlag } from '../flags.ts'

const args = benchArgs({ runs: { type: 'string' }, baseline: { type: 'string' } })
const runs = numberFlag('--runs', args.runs, 5, { min: 1 })
const sides: Array<[string, string]> = [['this', path.resolve(import.meta.dirname, '../../bin/gapwatch.js')]]
if (args.baseline) sides.push(['base', path.resolve(args.baseline, 'bin/gapwatch.js')])
else console.log('(no --baseline DIR: this checkout only)')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-serial-'))
try {
  const big = path.join(dir, 'gen1m.csv')
  const small = path.join(dir, 'small.csv')
  writeGeneratedCsv(big, 1_000_000)
  writeGeneratedCsv(small, 2000)
  const six = Array.from({ length: 6 }, (_, i) => {
    const f = path.join(dir, `six${i}.csv`)
    fs.linkSync(big, f) // six names, one copy in the page cache
    return f
  })
  const out = (side: string) => ['--format', 'json', '--out', path.join(dir, `out-${side}.json`)]
  const cases: Array<[string, string[]]> = [
    ['2 small files, --workers 2', [small, small, '--workers', '2']],
    ['6 × 1M, --workers 1', [...six, '--workers', '1']],
    ['6 × 1M, --workers 2', [...six, '--workers', '2']],
    ['1M, in-process', [big]],
    ['1M, --workers 2', [big, '--workers', '2']],
  ]
  const results = new Map<string, CpuAccount[]>()
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ')
  const loadBefore = load()
  for (let r = 0; r < runs; r++) {
    for (const [name, caseArgs] of cases) {
      for (const [side, bin] of r % 2 ? [...sides].reverse() : sides) {
        const key = `${name}|${side}`
        results.set(key, [...(results.get(key) ?? []), runAccounted(bin, ['scan', ...caseArgs, ...out(side)])])
      }
    }
  }
  const ms = (x: number) => x.toFixed(0).padStart(5)
  for (const [name] of cases) {
    console.log(name)
    for (const [side] of sides) {
      const xs = results.get(`${name}|${side}`)!
      const m = (f: (a: CpuAccount) => number) => median(xs.map(f))
      const forked = xs[0].workers.length > 0
      console.log(
        `  ${side}: wall ${ms(m((a) => a.wallMs))} ms; main CPU ${ms(m((a) => a.mainMs))} ms` +
          (forked
            ? ` (head ${ms(m((a) => a.headMs))}, to job ${ms(m((a) => a.firstJobMs ?? a.headMs))}, tail ${ms(m((a) => a.tailMs))}); ` +
              `slowest worker start-up ${ms(m((a) => Math.max(...a.workers.map((w) => w.startMs))))} ms`
            : '') +
          `; idle-core estimate ${ms(m((a) => a.idleEstimateMs))} ms`,
      )
    }
    const base = results.get(`${name}|base`)
    if (base) {
      const xs = results.get(`${name}|this`)!
      const ratio = (f: (a: CpuAccount) => number) => median(xs.map((a, i) => f(a) / f(base[i]))).toFixed(2)
      console.log(`  this/base (median of paired runs): wall ${ratio((a) => a.wallMs)}, main CPU ${ratio((a) => a.mainMs)}, idle-core estimate ${ratio((a) => a.idleEstimateMs)}`)
    }
  }
  console.log(`load average (1, 5, 15 min) before ${loadBefore}, after ${load()}; ${os.availableParallelism()} cores; medians of ${runs} runs`)
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
