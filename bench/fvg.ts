// npm run bench:fvg — the scanner's figures (issue 3), each a median of several runs:
//   kernel candles/s on a 1M-candle random walk (target ≥ 20M on one core),
//   CSV parse MB/s (target ≥ 100) against a naive split + Number() parser measured in the same run,
//   `gapwatch scan` end to end on a 1M-candle CSV (target < 1 s), with `node -e 0` start-up as baseline,
//   pool speedup of 2 workers over 1 on 15 symbols × 1M candles (target ≥ 1.8× on 2 cores), next to
//   the machine's own ceiling: the same jobs split over 2 bare processes (no pool) against 1.
// `--quick` shrinks the pool experiment (15 × 200k) for a fast look.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchKernel } from './fvg/kernel.ts'
import { benchCsv, writeGeneratedCsv } from './fvg/csv.ts'
import { median } from './stats.ts'
import { runScalingExperiment } from '../electron/engine/pool/scaling.ts'
import { nodeWorkerHost } from '../electron/engine/pool/worker-host.ts'

const quick = process.argv.includes('--quick')
const bin = path.resolve(import.meta.dirname, '../bin/gapwatch.js')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-fvg-'))

function wallOf(args: string[]): number {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`)
  return performance.now() - t0
}

/** Runs the scan jobs of seeds `from`…`to` − 1 in one plain Node process, without the pool. */
function bareProcess(from: number, to: number, candles: number): Promise<void> {
  const code = `import { runScanJob } from ${JSON.stringify(path.resolve(import.meta.dirname, '../electron/worker/scan-job.ts'))}
for (let s = ${from}; s < ${to}; s++) await runScanJob({ kind: 'scan', symbol: 'B' + s, source: { kind: 'generated', seed: s, count: ${candles}, intervalMs: 60000, startPrice: 100 }, options: {}, returnZones: false })`
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

  const candles = quick ? 200_000 : 1_000_000
  const pool = await runScalingExperiment(nodeWorkerHost(), { symbols: 15, candles, workers: [1, 2] })
  const [one, two] = pool.rows
  console.log(
    `pool, 15 symbols × ${candles.toLocaleString('en')} candles: 1 worker ${(one.wallMs / 1000).toFixed(2)} s, 2 workers ${(two.wallMs / 1000).toFixed(2)} s → speedup ${two.speedup.toFixed(2)}×, efficiency ${(two.efficiency * 100).toFixed(0)} %, balance ${two.balance.toFixed(3)}   target ≥ 1.8×`,
  )
  // The ceiling for this work on this machine, measured the same way but without the pool: the
  // same 15 jobs in 1 plain process, then split 8 + 7 over 2 plain processes.
  let t0 = performance.now()
  await bareProcess(1, 16, candles)
  const bare1 = performance.now() - t0
  t0 = performance.now()
  await Promise.all([bareProcess(1, 9, candles), bareProcess(9, 16, candles)])
  const bare2 = performance.now() - t0
  console.log(
    `  baseline without the pool: 1 process ${(bare1 / 1000).toFixed(2)} s, 2 processes ${(bare2 / 1000).toFixed(2)} s → ${(bare1 / bare2).toFixed(2)}× (the machine's ceiling for these jobs); the pool reaches ${((two.speedup / (bare1 / bare2)) * 100).toFixed(0)} % of it`,
  )
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
