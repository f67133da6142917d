// npm run bench:cost — how long the cost analysis of 14 days of 1-minute history takes.
//  1. analyseCost alone over 20,160 minutes (CPU, iowait, memory, one GPU), the what-if path once the
//     look-back is loaded. Target (issue 11): < 100 ms median.
//  2. The whole `cost` command path: the look-back read from a MetricStore's 1-minute tier through
//     its range query (cpu.total, cpu.iowait, mem.used), then analysed.
//   --rounds N  timed runs of each (default 15, after 3 warm-up runs)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { analyseCost } from '../electron/engine/cost/analyse.ts'
import { loadCostHistory, lookbackRange } from '../electron/engine/cost/history.ts'
import { openDatabase } from '../electron/engine/store/database.ts'
import { MetricStore } from '../electron/engine/store/metric-store.ts'
import { CostInputSchema, type CostHistory } from '../shared/cost.ts'
import { median } from './stats.ts'

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } })
const ROUNDS = Number(args.rounds)
const MINUTES = 14 * 1440
const end = Date.UTC(2026, 0, 15)
const cpuAt = (m: number) => 8 + 6 * Math.sin(m / 180) + ((m * 7919) % 11)
const memAt = (m: number) => 9e9 + 1e9 * Math.sin(m / 600)

const input = CostInputSchema.parse({ pricing: { kind: 'per-month', cpuMonth: 15, gbMonth: 3 }, capacity: { cores: 16, memoryGb: 32 }, trades: 95 })

/** Wall and CPU ms of each timed run (CPU time is what a busy machine distorts least). */
function time(run: () => void): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < 3; i++) run()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    run()
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  return { wall, cpu }
}
const show = (label: string, ms: { wall: number[]; cpu: number[] }, target = '') =>
  console.log(
    `${label}: median ${median(ms.wall).toFixed(1)} ms wall, ${median(ms.cpu).toFixed(1)} ms CPU (wall min ${Math.min(...ms.wall).toFixed(1)}, max ${Math.max(...ms.wall).toFixed(1)}, ${ms.wall.length} runs)${target}`,
  )

// ---- 1. the analysis alone ----
const t = Float64Array.from({ length: MINUTES }, (_, m) => end - (MINUTES - m) * 60_000)
const history: CostHistory = {
  t,
  cpuPct: Float64Array.from(t, (_, m) => cpuAt(m)),
  cpuPeakPct: Float64Array.from(t, (_, m) => cpuAt(m) + 5),
  iowaitPct: Float64Array.from(t, (_, m) => (m * 31) % 3),
  memBytes: Float64Array.from(t, (_, m) => memAt(m)),
  memPeakBytes: Float64Array.from(t, (_, m) => memAt(m) + 2e8),
  gpuPct: Float64Array.from(t, (_, m) => (m * 13) % 100),
  from: end - MINUTES * 60_000,
  to: end,
}
show(`analyseCost, 14 days of 1-minute history (${MINUTES} points)`, time(() => analyseCost(input, history)), '; target < 100 ms')

// ---- 2. read from the store, then analyse ----
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-cost-'))
try {
  const db = openDatabase(path.join(dir, 'cost.db'))
  const store = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 }, now: () => end })
  for (let m = 0; m < MINUTES; m++) {
    store.append(end - (MINUTES - m) * 60_000, [['cpu.total', cpuAt(m)], ['cpu.iowait', (m * 31) % 3], ['mem.used', memAt(m)]])
    if (m % 1000 === 999) store.flush()
  }
  store.flush()
  let points = 0
  const whole = time(() => {
    const h = loadCostHistory(store, db, lookbackRange(14, end), 32, end + 3 * 86_400_000)
    points = h.t.length
    analyseCost(input, h)
  })
  show(`store query + analyseCost (${points} points from the 1-minute tier)`, whole)
  store.close()
  db.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
