// The look-back's history for the cost analysis, read through the store's range query: one bucket a
// minute (from raw samples or the 1-minute tier, whichever reaches back; hourly where only the
// 1-hour tier does), each with its mean and maximum.
import type { Db } from '../store/database.ts'
import type { MetricStore } from '../store/metric-store.ts'
import type { Bucket } from '../../../shared/contract.ts'
import { BYTES_PER_GB, type CostHistory } from '../../../shared/cost.ts'
import { isFamily, metricName } from '../../../shared/metrics.ts'

const CPU = metricName('cpu.total')
const IOWAIT = metricName('cpu.{mode}', { mode: 'iowait' })
const MEM_USED = metricName('mem.used')
const MEM_USED_PCT = metricName('mem.used_pct')

const MINUTE = 60_000
const DAY = 86_400_000

export interface HistoryRange {
  from: number
  to: number
}

/** The look-back of `days` days ending at the minute boundary at or after `now`. */
export function lookbackRange(days: number, now: number): HistoryRange {
  const to = Math.ceil(now / MINUTE) * MINUTE
  return { from: to - days * DAY, to }
}

/** Each bucket's value at `col` (2 = max, 3 = mean), keyed by bucket start. */
function byTime(buckets: readonly Bucket[], col: 2 | 3): Map<number, number> {
  return new Map(buckets.map((b) => [b[0], b[col]]))
}

/** The mean over several series (GPUs) at each time in `t`, NaN where none has a value; `sum` adds instead. */
function combine(series: ReadonlyArray<Map<number, number>>, t: readonly number[], sum = false): Float64Array {
  return Float64Array.from(t, (time) => {
    let total = 0
    let n = 0
    for (const s of series) {
      const v = s.get(time)
      if (v === undefined) continue
      total += v
      n++
    }
    return n === 0 ? NaN : sum ? total : total / n
  })
}

/**
 * Reads the history: CPU (total and I/O wait), memory (used bytes, or the used share of `memoryGb`
 * where only the share was recorded, as in an imported trace), GPUs (utilisation and power of each)
 * and, from `db`, the candles the scanner scanned. A minute without CPU data is a gap.
 */
export function loadCostHistory(metrics: MetricStore, db: Db | null, range: HistoryRange, memoryGb: number, now?: number): CostHistory {
  const gpuUtil = metrics.metricNames().filter((m) => isFamily(m, 'gpu.{gpu}.util'))
  const gpuPower = metrics.metricNames().filter((m) => isFamily(m, 'gpu.{gpu}.power'))
  const names = [CPU, IOWAIT, MEM_USED, MEM_USED_PCT, ...gpuUtil, ...gpuPower]
  const points = Math.max(1, Math.ceil((range.to - range.from) / MINUTE))
  const result = metrics.query({ metrics: names, from: range.from, to: range.to, points }, now)
  const get = (name: string) => result.series.find((s) => s.metric === name)?.buckets ?? []
  const cpu = get(CPU)
  const t = cpu.map((b) => b[0])
  const memUsed = get(MEM_USED)
  // Bytes where the store has them; else the share of the machine's memory.
  const [memMean, memMax] =
    memUsed.length > 0
      ? [byTime(memUsed, 3), byTime(memUsed, 2)]
      : [pctToBytes(byTime(get(MEM_USED_PCT), 3), memoryGb), pctToBytes(byTime(get(MEM_USED_PCT), 2), memoryGb)]
  const iowait = byTime(get(IOWAIT), 3)
  const history: CostHistory = {
    t,
    cpuPct: cpu.map((b) => b[3]),
    cpuPeakPct: cpu.map((b) => b[2]),
    iowaitPct: t.map((time) => iowait.get(time) ?? NaN),
    memBytes: t.map((time) => memMean.get(time) ?? NaN),
    memPeakBytes: t.map((time) => memMax.get(time) ?? NaN),
    from: range.from,
    to: range.to,
    stepMs: result.bucketMs,
    candlesScanned: db ? candlesScanned(db, range) : null,
  }
  if (gpuUtil.length > 0) history.gpuPct = combine(gpuUtil.map((m) => byTime(get(m), 3)), t)
  if (gpuPower.length > 0) history.gpuPowerW = combine(gpuPower.map((m) => byTime(get(m), 3)), t, true)
  return history
}

function pctToBytes(m: Map<number, number>, memoryGb: number): Map<number, number> {
  const out = new Map<number, number>()
  for (const [t, pct] of m) out.set(t, (pct / 100) * memoryGb * BYTES_PER_GB)
  return out
}

/** Candles scanned by the runs that started in the range; null when there were none. */
export function candlesScanned(db: Db, range: HistoryRange): number | null {
  const row = db.prepare('SELECT count(*) AS runs, coalesce(sum(candles), 0) AS candles FROM pool_run WHERE started_at >= ? AND started_at < ?').get(range.from, range.to) as {
    runs: number
    candles: number
  }
  return row.runs > 0 && row.candles > 0 ? row.candles : null
}
