// The cost analysis on synthetic histories, each expectation computed by hand in the comments.
import { describe, expect, it } from 'vitest'
import { analyseCost } from '../../../../electron/engine/cost/analyse.ts'
import { CostInputSchema, type CostInput, type CostInputIn } from '../../../../shared/cost.ts'
import { percentile } from '../../../../electron/engine/cost/stats.ts'
import { ramp, synth, T0, MINUTE } from './cost-history.ts'

const GB = 1e9
const DAY_MIN = 1440
const input = (i: CostInputIn) => CostInputSchema.parse(i)

// The worked example: 16 cores at 7.4 % average and 8.6 % peak (a ramp 6.2 → 8.6 % every 4 h,
// 84 whole periods in 14 days, so the mean is exactly 7.4 %), 13.07 GB used of 15.3 GB throughout,
// $15 per core-month and $3 per GB-month, 95 trades a day.
const workedHistory = synth(14 * DAY_MIN, (i) => ({ cpuPct: ramp(i, 6.2, 8.6, 240), memBytes: 13.07 * GB }))
const worked = input({ pricing: { kind: 'per-month', cpuMonth: 15, gbMonth: 3 }, capacity: { cores: 16, memoryGb: 15.3 }, trades: 95 })

describe('analyseCost: the worked example', () => {
  const r = analyseCost(worked, workedHistory)
  it('measures utilisation in cores and GB', () => {
    // avg 7.4 % × 16 = 1.184; peak 8.6 % × 16 = 1.376. p99.5: rank 20159 × 0.995 = 20058.2 lies in the
    // 239th of 240 ramp steps (84 copies each): 6.2 + 2.4 × 238/239 = 8.58996 % × 16 = 1.37439.
    expect(r.utilisation.cpuCores).toMatchObject({ avg: 1.184, max: 1.376, p995: 1.374 })
    expect(r.utilisation.memoryGb).toMatchObject({ avg: 13.07, max: 13.07 })
    expect(r.confidence).toEqual({ level: 'high', hours: 336, hoursUntilRecommendation: 0 })
  })
  it('recommends 2 cores and 16 GB', () => {
    // 1.37439 × 1.2 = 1.649 → 2 cores; 13.07 × 1.15 = 15.03 → 16 GB.
    expect(r.recommended).toMatchObject({ cores: 2, memoryGb: 16, instance: null })
    // VPA bounds at 14 days: 1.649 × (1 + 1/14) = 1.767; 15.03 × (1 + 1/14) = 16.10.
    expect(r.recommended!.range.cores.high).toBeCloseTo(1.767, 2)
    expect(r.recommended!.range.memoryGb.high).toBeCloseTo(16.1, 1)
  })
  it('prices now and recommended, savings and cost per trade', () => {
    // Now 16 × 15 + 15.3 × 3 = 285.90; recommended 2 × 15 + 16 × 3 = 78; saved 207.90 (72.7 %), 2,494.80 a year.
    expect(r.current.monthlyCost).toBe(285.9)
    expect(r.recommended!.monthlyCost).toBe(78)
    expect(r.savings).toEqual({ monthly: 207.9, yearly: 2494.8, percent: 72.7 })
    // 95 × 730 / 24 = 2,889.58 trades a month: 285.9 / 2889.58 = 0.0989; 78 / 2889.58 = 0.0270.
    expect(r.perTrade).toEqual({ current: 0.0989, recommended: 0.027 })
    // Idle: 1 − 1.184 / 16 = 0.926; 1 − 13.07 / 15.3 = 0.146.
    expect(r.idle).toEqual({ cpu: 0.926, memory: 0.146 })
  })
  it('says it in words', () => {
    expect(r.verdict).toBe('over-provisioned')
    expect(r.findings[0]).toBe('Over-provisioned: at p99.5 it uses 1.4 of 16 cores.')
    expect(r.findings).toContain('Memory right-sized: at its peak it uses 13.07 of 15.3 GB.')
    expect(r.findings).toContain('Right-sizing to 2 cores and 16 GB would save $207.90 a month ($2,494.80 a year, 72.7 %).')
  })
  it('draws every minute into the histogram', () => {
    // Peak 1.376 / 40 bins = 0.0344 → bins of 0.05; the ramp spans 0.992–1.376 cores: bins 19–27.
    expect(r.histogram.binWidth).toBe(0.05)
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(14 * DAY_MIN)
    expect(r.histogram.counts.findIndex((c) => c > 0)).toBe(19)
    expect(r.histogram.counts.length).toBe(28)
  })
})

describe('analyseCost: other machines', () => {
  it('a memory-bound machine: cores to spare, memory short', () => {
    // 8 cores at 10 % = 0.8 cores → 0.96 → floor 1 core; memory 30 GB, peaks 31 GB of 32 → 35.65 → 36 GB.
    const h = synth(3 * DAY_MIN, () => ({ cpuPct: 10, memBytes: 30 * GB, memPeakBytes: 31 * GB }), 3)
    const r = analyseCost(input({ pricing: { kind: 'per-hour' }, capacity: { cores: 8, memoryGb: 32 }, lookbackDays: 3 }), h)
    expect(r.recommended).toMatchObject({ cores: 1, memoryGb: 36 })
    expect(r.verdict).toBe('under-provisioned')
    expect(r.findings).toContain('Memory under-provisioned: at its peak it uses 31 of 32 GB; with a 15 % margin it needs 35.65 GB.')
    // OpenCost prices: (8 × 0.031611 + 32 × 0.004237) × 730 = 283.58; (1 × 0.031611 + 36 × 0.004237) × 730 = 134.42.
    expect(r.current.monthlyCost).toBe(283.58)
    expect(r.recommended!.monthlyCost).toBe(134.42)
    expect(r.savings).toMatchObject({ monthly: 149.16, percent: 52.6 })
    // 72 h = 3 days: medium; the memory bound widens to 35.65 × 4/3 = 47.53.
    expect(r.confidence.level).toBe('medium')
    expect(r.recommended!.range.memoryGb.high).toBe(47.53)
  })

  it('an under-provisioned machine: needs more cores than it has', () => {
    // 4 cores at 95 % = 3.8 cores → 4.56 → 5 cores; 4 GB of 16 → 4.6 → 5 GB. Now 4 × 10 + 16 × 2 = 72, then 5 × 10 + 5 × 2 = 60.
    const h = synth(7 * DAY_MIN, () => ({ cpuPct: 95, cpuPeakPct: 100, memBytes: 4 * GB }), 7)
    const r = analyseCost(input({ pricing: { kind: 'per-month', cpuMonth: 10, gbMonth: 2 }, capacity: { cores: 4, memoryGb: 16 }, lookbackDays: 7 }), h)
    expect(r.recommended).toMatchObject({ cores: 5, memoryGb: 5, monthlyCost: 60 })
    expect(r.verdict).toBe('under-provisioned')
    expect(r.findings[0]).toBe('Under-provisioned: at p99.5 it uses 3.8 of 4 cores; with 20 % headroom it needs 4.56.')
    expect(r.utilisation.cpuCores.max).toBe(4)
  })

  it('a constant series: every statistic equal, one histogram bin', () => {
    // 2 cores at 50 % = 1 core: need 1.2 → 2 cores (right-sized); 2 GB of 4 → 2.3 → 3 GB.
    const h = synth(2 * DAY_MIN, () => ({ cpuPct: 50, memBytes: 2 * GB }), 2)
    const r = analyseCost(input({ pricing: { kind: 'per-hour' }, capacity: { cores: 2, memoryGb: 4 }, lookbackDays: 2 }), h)
    expect(r.utilisation.cpuCores).toEqual({ avg: 1, p50: 1, p95: 1, p99: 1, p995: 1, max: 1 })
    expect(r.histogram.counts.filter((c) => c > 0)).toEqual([2 * DAY_MIN])
    expect(r.recommended).toMatchObject({ cores: 2, memoryGb: 3 })
    expect(r.findings).toContain('CPU right-sized: at p99.5 it uses 1 of 2 cores.')
    // 48 h: low confidence, VPA bounds at 2 days: 1.2 × 1.5 = 1.8 and 1.2 × 1.0005^−2 = 1.1988.
    expect(r.confidence.level).toBe('low')
    expect(r.recommended!.range.cores).toEqual({ low: 1.2, high: 1.8 })
    // (2 × 0.031611 + 4 × 0.004237) × 730 = 58.52; (2 × 0.031611 + 3 × 0.004237) × 730 = 55.43.
    expect(r.savings!.monthly).toBe(3.09)
  })

  it('no history: no recommendation, says what is missing', () => {
    const h = synth(0, () => null)
    const r = analyseCost(input({ pricing: { kind: 'per-month', cpuMonth: 15, gbMonth: 3 }, capacity: { cores: 16, memoryGb: 15.3 }, trades: 95 }), h)
    expect(r.recommended).toBeNull()
    expect(r.savings).toBeNull()
    expect(r.perTrade).toEqual({ current: 0.0989, recommended: null })
    expect(r.confidence).toEqual({ level: 'none', hours: 0, hoursUntilRecommendation: 30 })
    expect(r.verdict).toBe('not-enough-data')
    expect(r.findings).toEqual(['No history in the last 14 days: a recommendation needs 30 hours of samples.'])
  })

  it('short history: utilisation yes, recommendation no, and how long until there is one', () => {
    const h = synth(12 * 60, (i) => ({ cpuPct: ramp(i, 10, 30, 60), memBytes: 3 * GB }))
    const r = analyseCost(input({ pricing: { kind: 'per-hour' }, capacity: { cores: 4, memoryGb: 8 } }), h)
    expect(r.recommended).toBeNull()
    expect(r.confidence).toEqual({ level: 'none', hours: 12, hoursUntilRecommendation: 18 })
    expect(r.utilisation.cpuCores.avg).toBe(0.8) // 20 % × 4
    expect(r.findings[0]).toBe('Not enough data: 12 hours of history; a recommendation needs 30, about 18 more.')
  })

  it('a history with gaps: confidence counts the hours present, not the span', () => {
    // Every other hour missing over 96 h: 48 h of data, the last at hour 94, so a span of 95 h.
    const h = synth(96 * 60, (i) => (Math.floor(i / 60) % 2 === 1 ? null : { cpuPct: 20, memBytes: 2 * GB }), 4)
    const r = analyseCost(input({ pricing: { kind: 'per-hour' }, capacity: { cores: 4, memoryGb: 8 }, lookbackDays: 4 }), h)
    expect(r.confidence).toMatchObject({ level: 'low', hours: 48 })
    // VPA confidence min(95/24, 48/24) = 2 days: upper bound 0.96 × 1.5, floored need 1 core → 1.5.
    expect(r.recommended!.range.cores.high).toBe(1.5)
    expect(r.findings).toContain('History has gaps: 48 hours of data over 95 hours.')
  })
})

describe('analyseCost: catalogs', () => {
  const catalog = {
    priceDate: '2026-11-01',
    entries: [
      { name: 'small', vcpus: 2, memoryGb: 4, hourly: 0.05 },
      { name: 'medium', vcpus: 4, memoryGb: 16, hourly: 0.2 },
      { name: 'large', vcpus: 8, memoryGb: 32, hourly: 0.4 },
    ],
  }
  it('rounds up to the cheapest entry that fits', () => {
    // 16 cores at 10 % = 1.6 → 1.92 → 2 cores; 10 GB → 11.5 GB: small is too small, medium fits.
    const h = synth(3 * DAY_MIN, () => ({ cpuPct: 10, memBytes: 10 * GB }), 3)
    const r = analyseCost(input({ pricing: { kind: 'catalog', catalog, currentInstance: 'large' }, capacity: { cores: 16, memoryGb: 32 }, lookbackDays: 3 }), h)
    expect(r.current).toMatchObject({ instance: 'large', monthlyCost: 292 }) // 0.4 × 730
    expect(r.recommended).toMatchObject({ instance: 'medium', cores: 4, memoryGb: 16, monthlyCost: 146 })
    expect(r.savings).toEqual({ monthly: 146, yearly: 1752, percent: 50 })
  })
  it('says so when no entry fits, and leaves the money out', () => {
    // 16 cores at 62.5 % = 10 → 12 cores; 20 GB → 23 GB: larger than "large".
    const h = synth(3 * DAY_MIN, () => ({ cpuPct: 62.5, memBytes: 20 * GB }), 3)
    const r = analyseCost(input({ pricing: { kind: 'catalog', catalog, currentInstance: null }, capacity: { cores: 16, memoryGb: 64 }, lookbackDays: 3 }), h)
    expect(r.recommended).toMatchObject({ cores: 12, memoryGb: 23, instance: null, monthlyCost: null })
    expect(r.current.monthlyCost).toBeNull()
    expect(r.savings).toBeNull()
    expect(r.findings).toContain('No catalog entry has 12 cores and 23 GB: add one to price the recommendation.')
  })
})

describe('analyseCost: what-if', () => {
  it('recomputes from headroom, percentile, target utilisation and prices', () => {
    const at = (over: Partial<CostInput>) => analyseCost({ ...worked, ...over }, workedHistory)
    // Peak 1.376 × 1.5 = 2.064 → 3 cores.
    expect(at({ percentile: 100, headroom: 0.5 }).recommended!.cores).toBe(3)
    // p99.5 1.37439 × 1.2 / 0.5 = 3.30 → 4 cores.
    expect(at({ targetUtilisation: 0.5 }).recommended!.cores).toBe(4)
    // p50: rank 10079.5 → steps 119 and 120: 6.2 + 2.4 × 119.5/239 = 7.4 % × 16 = 1.184 → 1.42 → 2 cores.
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5)
    expect(at({ percentile: 50, headroom: 0 }).recommended!.cores).toBe(2)
    // $30 per core-month: now 16 × 30 + 45.9 = 525.90, recommended 2 × 30 + 48 = 108.
    const pricier = at({ pricing: { kind: 'per-month', cpuMonth: 30, gbMonth: 3, currency: 'USD' } })
    expect([pricier.current.monthlyCost, pricier.recommended!.monthlyCost]).toEqual([525.9, 108])
  })
  it('takes trades per day from daily counts inside the look-back', () => {
    const last = new Date(T0 + 14 * DAY_MIN * MINUTE - MINUTE).toISOString().slice(0, 10)
    const r = analyseCost({ ...worked, trades: [{ date: '2020-01-01', count: 1000 }, { date: last, count: 190 }] }, workedHistory)
    // Only the last day is inside: 190 a day → 5,779.17 a month; 285.9 / 5779.17 = 0.0495.
    expect(r.perTrade.current).toBe(0.0495)
  })
})
