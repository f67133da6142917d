// npm run bench:fvg — the scanner's figures (issue 3), each a median of several runs:
//   kernel candles/s on a 1M-candle random walk (target ≥ 20M on one core),
//   CSV parse MB/s (target ≥ 100) against a naive split + Number() parser measured in the same run,
//   `gapwatch scan` end to end on a 1M-candle CSV (target < 1 s), with `node -e 0` start-up as baseline,
//   pool speedup of 2 workers over 1 on 15 symbols × 1M candles (target ≥ 1.8× on 2 cores), split
//   into segments as the pool does by default and with every series whole, next to what the
//   machine gives this work without the pool: whole series in 2 plain processes, split evenly.
// `gapwatch scan` with workers against one worker and in-process (bench/fvg-scan.ts, issue 13), in
// wall time and in CPU time (bench/fvg/cpu-account.ts); in-process parse + scan against C
// (bench/fvg/c-baseline.ts); the engine thread's event loop while scans are stored (bench/fvg-loop.ts);
// a pool worker's start-up CPU against the baseline checkout's (bench/fvg/worker-start.ts).
// `--quick` shrinks the pool experiment (15 × 200k, one run each) for a fast look; `--baseline DIR`
// (a checkout of another commit) adds its pool worker to the start-up comparison, skipped without it.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchKernel } from './fvg/kernel.ts'
import { benchCsv, writeGeneratedCsv } from './fvg/csv.ts'
import { median } from './stats.ts'
import { benchScanTargets } from './fvg-scan.ts'
import { benchRest } from './fvg-rest.ts'
import { benchLoopDelay } from './fvg-loop.ts'
import { benchAgainstC } from './fvg/c-baseline.ts'
import { baselineWorker, benchWorkerStart } from './fvg/worker-start.ts'
import { benchArgs } from './flags.ts'
import { runScalingExperiment } from '../electron/engine/pool/scaling.ts'
import { nodeWorkerHost } from '../electron/engine/pool/worker-host.ts'
import { SEGMENT_CANDLES } from '../electron/engine/pool/split.ts'
import type { BenchResult } from '../shared/scanner.ts'

const args = benchArgs({ quick: { type: 'boolean', default: false }, baseline: { type: 'string' } })
const quick = args.quick
const baseline = args.baseline === undefined ? undefined : baselineWorker(args.baseline)
const bin = path.resolve(import.meta.dirname, '../bin/gapwatch.js')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-fvg-'))

function wallOf(args: string[]): number {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`)
  return performance.now() - t0
}

const job = (seed: number, candles: number, segment?: { from: number; to: number }) => ({
  kind: 'scan', symbol: `B${seed}`, source: { kind: 'generated', seed, count: candles, intervalMs: 60000, startPrice: 100 },
  options: {}, returnZones: false, ...(segment ? { segment } : {}),
})

/** Runs scan jobs one after another in one plain Node process, without the pool. */
function bareProcess(specs: object[]): Promise<void> {
  const code = `import { runScanJob } from ${JSON.stringify(path.resolve(import.meta.dirname, '../electron/engine/pool/scan-job.ts'))}
for (const spec of ${JSON.stringify(specs)}) await runScanJob(spec)`
  return new Promise((resolve, reject) =>
    spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: 'inherit' }).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`exit ${c}`)))),
  )
}

try {
  const k = await benchKernel()
  console.log(`kernel: ${(k.candlesPerSec / 1e6).toFixed(1)}M candles/s (median ${k.medianMs.toFixed(1)} ms for 1M candles, ${k.fvgCount} FVGs); joinConsecutive ${(k.joined.candlesPerSec / 1e6).toFixed(1)}M/s   target ≥ 20M`)

  const c = await benchCsv()
  console.log(`csv parse: ${c.mbPerSec.toFixed(0)} MB/s (median ${c.medianMs.toFixed(0)} ms for ${(c.bytes / 1e6).toFixed(0)} MB); naive split+Number() ${c.baselineMbPerSec.toFixed(0)} MB/s → ${c.ratio.toFixed(2)}×   target ≥ 100 MB/s`)

  const csv = path.join(dir, 'gen1m.csv')
  writeGeneratedCsv(csv, 1_000_000)
  const out = path.join(dir, 'out.json')
  const scans: number[] = []
  const starts: number[] = []
  for (let i = 0; i < 5; i++) {
    starts.push(wallOf(['-e', '0']))
    scans.push(wallOf([bin, 'scan', csv, '--format', 'json', '--out', out]))
  }
  const zones = (JSON.parse(fs.readFileSync(out, 'utf8')) as { stats: { fvgs: number } }).stats.fvgs
  console.log(`gapwatch scan, 1M-candle CSV → JSON (${zones} zones): median ${median(scans).toFixed(0)} ms end to end (node start-up alone ${median(starts).toFixed(0)} ms)   target < 1000 ms`)
  console.log(benchAgainstC({ csv, dir, runs: quick ? 1 : 3 }))
  for (const line of benchScanTargets({ csv, dir, runs: quick ? 1 : 3 })) console.log(line)
  for (const line of await benchWorkerStart({ runs: quick ? 3 : 7, coldRuns: quick ? 1 : 3, base: baseline })) console.log(line)
  console.log(await benchRest())
  console.log(await benchLoopDelay({ candles: quick ? 200_000 : 1_000_000 }))

  const candles = quick ? 200_000 : 1_000_000
  // Split and whole alternate, so both see the same moments of this noisy machine; medians reported.
  const runs = quick ? 1 : 3
  const split: BenchResult[] = []
  const whole: BenchResult[] = []
  for (let i = 0; i < runs; i++) {
    split.push(await runScalingExperiment(nodeWorkerHost(), { symbols: 15, candles, workers: [1, 2] }))
    whole.push(await runScalingExperiment(nodeWorkerHost(), { symbols: 15, candles, workers: [1, 2], segmentCandles: 0 }))
  }
  const describe = (rs: BenchResult[]) => {
    const two = rs.map((r) => r.rows[1])
    const speedups = two.map((t) => t.speedup)
    return `speedup ${median(speedups).toFixed(2)}× median (${speedups.map((x) => x.toFixed(2)).join(' / ')}), 1 worker ${(median(rs.map((r) => r.rows[0].wallMs)) / 1000).toFixed(2)} s, 2 workers ${(median(two.map((t) => t.wallMs)) / 1000).toFixed(2)} s, balance ${median(two.map((t) => t.balance)).toFixed(3)}`
  }
  const poolSpeedup = median(split.map((r) => r.rows[1].speedup))
  console.log(`pool, 15 symbols × ${candles.toLocaleString('en')} candles in ${SEGMENT_CANDLES.toLocaleString('en')}-candle segments, 2 workers vs 1: ${describe(split)}   target ≥ 1.8×`)
  console.log(`  the same with every series whole (15 jobs for 2 workers, the last one alone): ${describe(whole)}`)
  // The same work without the pool: the 15 series in 1 plain process, then in 2 plain processes
  // with the work split evenly (7 series each, the 8th halved).
  const seeds = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => job(from + i, candles))
  const half = Math.floor(candles / 2)
  let t0 = performance.now()
  await bareProcess(seeds(1, 16))
  const bare1 = performance.now() - t0
  t0 = performance.now()
  await Promise.all([
    bareProcess([...seeds(1, 8), job(8, candles, { from: 0, to: half })]),
    bareProcess([...seeds(9, 16), job(8, candles, { from: half, to: candles })]),
  ])
  const bare2 = performance.now() - t0
  console.log(
    `  baseline without the pool, work split evenly: 1 process ${(bare1 / 1000).toFixed(2)} s, 2 processes ${(bare2 / 1000).toFixed(2)} s → ${(bare1 / bare2).toFixed(2)}× (whole series, no pool: what two busy cores give this work here); the pool's median speedup is ${(poolSpeedup / (bare1 / bare2)).toFixed(2)}× that`,
  )
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
