// npm run bench:store — insert throughput of the metric store (rows/s, batched as the engine does)
// and the latency of a 24 h query at 1 s resolution reduced to 1,000 points.
// Targets (issue 2): ≥ 300,000 rows/s, ≤ 20 ms.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../electron/engine/store/database.ts'
import { MetricStore } from '../electron/engine/store/metric-store.ts'
import { median } from './stats.ts'

const METRICS = 40
const HOURS = 24
const now = Date.UTC(2026, 0, 2)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-store-'))
try {
  const db = openDatabase(path.join(dir, 'bench.db'))
  const store = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 }, now: () => now })
  const names = Array.from({ length: METRICS }, (_, i) => `bench.metric.${i}`)

  // 24 h of 1 Hz samples of 40 metrics = 3.46M rows, flushed in batches of 250 samples (10,000 rows).
  const batchRates: number[] = []
  const from = now - HOURS * 3_600_000
  let rows = 0
  let t0 = performance.now()
  for (let t = from, k = 0; t < now; t += 1000, k++) {
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
  console.log(`insert: ${rows.toLocaleString()} rows in batches of ${(250 * METRICS).toLocaleString()} (raw + 1m + 1h rollups in one transaction)`)
  console.log(`insert: median ${Math.round(median(batchRates)).toLocaleString()} rows/s (target ≥ 300,000)`)

  const latencies: number[] = []
  for (let i = 0; i < 25; i++) {
    const q0 = performance.now()
    const r = store.query({ metrics: [names[i % METRICS]], from, to: now, points: 1000 })
    latencies.push(performance.now() - q0)
    if (r.tier !== 'raw' || r.series[0].buckets.length !== 1000) throw new Error(`unexpected query result: ${r.tier}, ${r.series[0].buckets.length}`)
  }
  latencies.sort((a, b) => a - b)
  console.log(`query: 24 h of 1 s raw data → 1,000 buckets: median ${median(latencies).toFixed(2)} ms, max ${latencies.at(-1)!.toFixed(2)} ms (target ≤ 20 ms)`)
  db.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
