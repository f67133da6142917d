// The cost analysis: pure, over the per-minute history of the look-back (see CostHistory).
//
// Utilisation: cores in use = CPU busy % × cores / 100 and memory in GB, as the mean, percentiles of
// the per-minute means and the peak (the highest single sample, from the minutes' maxima).
// Recommendation (like AWS Compute Optimizer and KRR's simple strategy):
//   cores  = the chosen percentile (99.5 by default; 100 = the peak) × (1 + headroom) / target utilisation
//   memory = peak × 1.15
// floored at 1 core and 1 GB and rounded up to whole cores and GB, or to the cheapest catalog entry
// that holds them. Under 30 hours of history there is none (see confidence.ts).
import {
  BYTES_PER_GB,
  CostReportSchema,
  HOURS_PER_MONTH,
  MEMORY_FACTOR,
  type AnalyseCost,
  type Capacity,
  type CostHistory,
  type CostInput,
  type CostReport,
  type Verdict,
} from '../../../shared/cost.ts'
import { confidenceOf, widen } from './confidence.ts'
import { cheapestFit, currencyOf, monthlyCost, workstationWatts } from './pricing.ts'
import { finiteMean, histogram, peak, percentile, sortedScaled, statsOf } from './stats.ts'
import { findingsOf } from './findings.ts'

const round = (v: number, digits: number) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v)
const roundOrNull = (v: number | null, digits: number) => (v === null ? null : round(v, digits))

/** Trades per day over the look-back: the number, or the mean of the daily counts inside it (all of them when none is). */
export function tradesPerDay(trades: CostInput['trades'], from: number, to: number): number | null {
  if (trades === null) return null
  if (typeof trades === 'number') return trades
  const inside = trades.filter((d) => {
    const t = Date.parse(`${d.date}T00:00:00Z`)
    return t + 86_400_000 > from && t < to
  })
  const used = inside.length > 0 ? inside : trades
  return used.reduce((s, d) => s + d.count, 0) / used.length
}

/** The cores the chosen percentile needs with headroom, before floors and rounding. */
/** Cores in use at the chosen percentile (100 = the peak). */
export function coresAt(sortedCores: Float64Array, peakCores: number, q: number): number {
  return q >= 100 ? peakCores : percentile(sortedCores, q)
}

function verdictOf(current: Capacity, need: Capacity, rounded: Capacity): { cpu: Verdict; memory: Verdict } {
  const one = (have: number, needed: number, whole: number): Verdict =>
    needed > have ? 'under-provisioned' : whole < have ? 'over-provisioned' : 'right-sized'
  return { cpu: one(current.cores, need.cores, rounded.cores), memory: one(current.memoryGb, need.memoryGb, rounded.memoryGb) }
}

export const analyseCost: AnalyseCost = (input: CostInput, history: CostHistory): CostReport => {
  const stepMs = history.stepMs ?? 60_000
  const n = history.t.length
  const { capacity, pricing } = input
  const coreScale = capacity.cores / 100
  const cpuSorted = sortedScaled(history.cpuPct, coreScale)
  const cpuPeak = peak(history.cpuPeakPct, coreScale)
  const cpu = statsOf(cpuSorted, cpuPeak)
  const memSorted = sortedScaled(history.memBytes, 1 / BYTES_PER_GB)
  const memory = statsOf(memSorted, peak(history.memPeakBytes, 1 / BYTES_PER_GB))
  const gpuSorted = history.gpuPct ? sortedScaled(history.gpuPct, 1) : new Float64Array(0)
  const gpu = gpuSorted.length > 0 ? statsOf(gpuSorted, NaN) : null
  const iowait = finiteMean(history.iowaitPct)
  const busy = finiteMean(history.cpuPct)
  const iowaitShare = Number.isFinite(iowait) && iowait + busy > 0 ? iowait / (iowait + busy) : null

  const confidence = confidenceOf(n, stepMs, n > 0 ? history.t[0] : history.from, n > 0 ? history.t[n - 1] : history.from)
  const cpuShare = cpuSorted.length > 0 ? cpu.avg / capacity.cores : 0
  const gpuW = history.gpuPowerW ? finiteMean(history.gpuPowerW) : NaN
  const watts = pricing.kind === 'workstation' ? workstationWatts(pricing, cpuShare, Number.isFinite(gpuW) ? gpuW : 0) : undefined
  const currentInstance = pricing.kind === 'catalog' ? pricing.currentInstance : null
  const now = monthlyCost(pricing, capacity, { instance: currentInstance, watts, own: true })

  const atCores = cpuSorted.length > 0 ? coresAt(cpuSorted, cpu.max, input.percentile) : 0
  let recommended: CostReport['recommended'] = null
  let need: Capacity | null = null
  let verdict: Verdict = 'not-enough-data'
  let verdicts: { cpu: Verdict; memory: Verdict } | null = null
  if (confidence.level !== 'none' && cpuSorted.length > 0 && memSorted.length > 0) {
    need = { cores: Math.max(1, (atCores * (1 + input.headroom)) / input.targetUtilisation), memoryGb: Math.max(1, memory.max * MEMORY_FACTOR) }
    let rounded: Capacity = { cores: Math.ceil(need.cores - 1e-9), memoryGb: Math.ceil(need.memoryGb - 1e-9) }
    let priced = monthlyCost(pricing, rounded)
    if (pricing.kind === 'catalog') {
      const fit = cheapestFit(pricing.catalog?.entries ?? [], { cores: rounded.cores, memoryGb: need.memoryGb })
      if (fit) rounded = { cores: fit.vcpus, memoryGb: fit.memoryGb }
      priced = fit ? { monthlyCost: fit.hourly * HOURS_PER_MONTH, instance: fit.name } : { monthlyCost: null, instance: null }
    }
    const coresRange = widen(need.cores, confidence.days)
    const memRange = widen(need.memoryGb, confidence.days)
    recommended = {
      ...rounded,
      monthlyCost: roundOrNull(priced.monthlyCost, 2),
      instance: priced.instance,
      range: {
        cores: { low: round(coresRange.low, 2), high: round(coresRange.high, 2) },
        memoryGb: { low: round(memRange.low, 2), high: round(memRange.high, 2) },
      },
    }
    verdicts = verdictOf(capacity, need, rounded)
    verdict = Object.values(verdicts).includes('under-provisioned')
      ? 'under-provisioned'
      : Object.values(verdicts).includes('over-provisioned')
        ? 'over-provisioned'
        : 'right-sized'
  }

  const nowCost = now.monthlyCost
  const recCost = recommended?.monthlyCost ?? null
  const savings =
    nowCost !== null && recCost !== null
      ? { monthly: round(nowCost - recCost, 2), yearly: round((nowCost - recCost) * 12, 2), percent: nowCost > 0 ? round(((nowCost - recCost) / nowCost) * 100, 1) : 0 }
      : null
  const perDay = tradesPerDay(input.trades, history.from, history.to)
  const tradesPerMonth = perDay === null ? null : (perDay * HOURS_PER_MONTH) / 24
  const perUnit = (cost: number | null, units: number | null) => (cost === null || units === null || units <= 0 ? null : round(cost / units, 4))
  const candles = history.candlesScanned ?? null
  const millionsPerMonth = candles === null || confidence.hours <= 0 ? null : (candles / 1e6 / confidence.hours) * HOURS_PER_MONTH

  const r3 = (s: typeof cpu) => ({ avg: round(s.avg, 3), p50: round(s.p50, 3), p95: round(s.p95, 3), p99: round(s.p99, 3), p995: round(s.p995, 3), max: round(s.max, 3) })
  const report: CostReport = {
    currency: currencyOf(pricing),
    pricing: pricing.kind,
    lookback: { days: input.lookbackDays, from: history.from, to: history.to },
    current: { cores: capacity.cores, memoryGb: capacity.memoryGb, monthlyCost: roundOrNull(nowCost, 2), instance: now.instance },
    recommended,
    savings,
    perTrade: { current: perUnit(nowCost, tradesPerMonth), recommended: perUnit(recCost, tradesPerMonth) },
    perMillionCandles: { current: perUnit(nowCost, millionsPerMonth), recommended: perUnit(recCost, millionsPerMonth) },
    utilisation: { cpuCores: r3(cpu), memoryGb: r3(memory), gpuPct: gpu && r3(gpu), iowaitShare: roundOrNull(iowaitShare, 3) },
    idle: {
      cpu: cpuSorted.length > 0 ? round(Math.max(0, 1 - cpu.avg / capacity.cores), 3) : 1,
      memory: memSorted.length > 0 ? round(Math.max(0, 1 - memory.avg / capacity.memoryGb), 3) : 1,
    },
    histogram: histogram(cpuSorted),
    confidence: { level: confidence.level, hours: round(confidence.hours, 1), hoursUntilRecommendation: round(confidence.hoursUntilRecommendation, 1) },
    verdict,
    findings: [],
  }
  report.findings = findingsOf(report, { input, need, verdicts, watts, atCores, spanHours: n > 0 ? (history.t[n - 1] + stepMs - history.t[0]) / 3_600_000 : 0 })
  return CostReportSchema.parse(report)
}
