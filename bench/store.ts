// npm run bench:store — insert throughput of the metric store (rows/s, batched as the engine does),
// the latency of a 24 h query at 1 s resolution reduced to 1,000 points, and bytes written to disk
// per hour (bench/store-writes.ts), beside Netdata's 2–4 MB/h.
// Targets: ≥ 300,000 rows/s, ≤ 20 ms (issue 2); ≤ 5 MB/h at 1 Hz, the same ± 20 % fresh and with 7 days
// of history, ≤ 15 MB/h at 250 ms (issue 15).
//   --realtime-seconds N  wall-clock window of the real-cadence runs (default 600; 0 skips them)
//   --simulated-hours N   simulated hours of the fast runs (default 24: a fresh database's trees take a day to fill; 0 skips them)
//   --baseline DIR        also measure another checkout's store (DIR/electron/engine/store, e.g. from
//                         `git archive <commit> electron/engine/store shared | tar -x -C DIR`, DIR inside
//                         this checkout so it finds node_modules), queries interleaved, for a ratio
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { median } from './stats.ts'
import { currentStore, mb, realtimeMbPerHour, simulatedHours, type WriteRun } from './store-writes.ts'
import type * as DatabaseModule from '../electron/engine/store/database.ts'
import type * as MetricStoreModule from '../electron/engine/store/metric-store.ts'

const { values: args } = parseArgs({
  options: {
    'realtime-seconds': { type: 'string', default: '600' },
    'simulated-hours': { type: 'string', default: '24' },
    baseline: { type: 'string' },
  },
})

const METRICS = 40
const HOURS = 24
const now = Date.UTC(2026, 0, 2)
const from = now - HOURS * 3_600_000
const names = Array.from({ length: METRICS }, (_, i) => `bench.metric.${i}`)
const stores: Array<{ label: string; file: string }> = [{ label: 'this checkout', file: currentStore }]
if (args.baseline) stores.push({ label: 'baseline', file: path.resolve(args.baseline, 'electron/engine/store/metric-store.ts') })

async function load(file: string) {
  const { openDatabase } = (await import(pathToFileURL(path.join(path.dirname(file), 'database.ts')).href)) as typeof DatabaseModule
  const { MetricStore } = (await import(pathToFileURL(file).href)) as typeof MetricStoreModule
  return { openDatabase, MetricStore }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-store-'))
try {
  const opened = []
  for (const s of stores) {
    const { openDatabase, MetricStore } = await load(s.file)
    const db = openDatabase(path.join(dir, `${opened.length}.db`))
    const store = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 }, now: () => now })
    // 24 h of 1 Hz samples of 40 metrics = 3.46M rows, flushed in batches of 250 samples (10,000 rows).
    const batchRates: number[] = []
    let rows = 0
    let t0 = performance.now()
    for (let t = from; t < now; t += 1000) {
      store.append(t, names.map((n, i) => [n, Math.sin(t / 60_000 + i) * 50 + 50] as const))
      if (store.buffered === 250) {
        store.flush()
        rows += 250 * METRICS
        const t1 = performance.now()
        batchRates.push((250 * METRICS) / ((t1 - t0) / 1000))
        t0 = t1
      }
    }
    store.flush()
    console.log(`insert (${s.label}): ${rows.toLocaleString()} rows in batches of ${(250 * METRICS).toLocaleString()}, median ${Math.round(median(batchRates)).toLocaleString()} rows/s (target ≥ 300,000)`)
    opened.push({ ...s, db, store, latencies: [] as number[] })
  }
  console.log("  (appended to the raw log; each closed hour's blocks in one transaction, the 1m/1h rollups in one batch every few hours)")
  // Queries interleaved between the stores, so machine load falls on both alike.
  for (let i = 0; i < 41; i++) {
    for (const o of opened) {
      const q0 = performance.now()
      const r = o.store.query({ metrics: [names[i % METRICS]], from, to: now, points: 1000 })
      o.latencies.push(performance.now() - q0)
      if (r.tier !== 'raw' || r.series[0].buckets.length !== 1000) throw new Error(`unexpected query result: ${r.tier}, ${r.series[0].buckets.length}`)
    }
  }
  for (const o of opened) {
    o.latencies.sort((a, b) => a - b)
    console.log(`query (${o.label}): 24 h of 1 s raw data → 1,000 buckets: median ${median(o.latencies).toFixed(2)} ms, max ${o.latencies.at(-1)!.toFixed(2)} ms (target ≤ 20 ms)`)
  }
  if (opened.length > 1) console.log(`query: this checkout / baseline ${(median(opened[0].latencies) / median(opened[1].latencies)).toFixed(2)}`)
  for (const o of opened) o.db.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)

// Bytes written per hour. Simulated runs first (fast, one after another), then the real-time ones
// side by side (they mostly sleep).
const runs: Array<[string, WriteRun]> = [
  ['1 Hz, fresh database', { intervalMs: 1000, seedDays: 0 }],
  ['1 Hz, 7 days of history', { intervalMs: 1000, seedDays: 7 }],
  ['250 ms, fresh database', { intervalMs: 250, seedDays: 0 }],
]
const hours = Number(args['simulated-hours'])
if (hours > 0) console.log(`\nwrites, simulated clock (1 flush per simulated second, ${hours} h, 24 metrics; MB = 10^6 bytes handed to the kernel per hour):`)
for (const s of hours > 0 ? stores : []) {
  const means: number[] = []
  for (const [label, run] of runs) {
    const perHour = (await simulatedHours({ ...run, store: s.file }, hours)).map((h) => h.wchar)
    const mean = perHour.reduce((a, b) => a + b, 0) / perHour.length
    means.push(mean)
    console.log(`  ${s.label}, ${label.padEnd(26)} mean ${mb(mean)} MB/h (incl. checkpoints), median ${mb(median(perHour))}, hours: ${perHour.map(mb).join(' ')}`)
  }
  console.log(`  ${s.label}: 7 days of history / fresh at 1 Hz ${(means[1] / means[0]).toFixed(2)} (target 0.80–1.20)`)
}
const seconds = Number(args['realtime-seconds'])
if (seconds > 0) {
  console.log(`writes, real time (${seconds} s at the real cadence, write_bytes of the writer process, scaled to an hour):`)
  const results = await Promise.all(runs.map(([, run]) => realtimeMbPerHour(run, seconds)))
  runs.forEach(([label], i) => console.log(`  ${label.padEnd(26)} ${results[i].toFixed(2)} MB/h`))
  console.log('  (a window shorter than an hour may miss the hourly write of closed blocks: the simulated means include it)')
}
console.log('  Netdata 1.37 at 1 Hz, measured beside Gapwatch: 2–4 MB/h; targets: ≤ 5 MB/h at 1 Hz (fresh ≈ 7 days ± 20 %), ≤ 15 MB/h at 250 ms')
