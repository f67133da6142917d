// The report reads its history in one pass per tier (store/tier-read.ts). On a seeded history its
// figures equal the ones the per-metric range queries give (the path it replaced); the CPU's p95 comes
// from the 1-minute averages, not the hourly ones; and an average is the mean of every sample.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { ZoneStore } from '../../../../electron/engine/store/zone-store.ts'
import { buildReport, thisHost } from '../../../../electron/engine/report/index.ts'
import { FINE_POINTS, percentileOf } from '../../../../electron/engine/report/series.ts'
import { REPORT_CHART_POINTS, type Report, type Stats } from '../../../../shared/report.ts'
import type { Bucket } from '../../../../shared/contract.ts'

const MIN = 60_000
const HOUR = 3_600_000
// Raw kept 2 h, so a 10-hour period is read from the 1-minute tier, as a 7-day one is.
const retention = { rawHours: 2, minuteDays: 30, hourDays: 730 }
const NOW = 1_700_001_000_000 - (1_700_001_000_000 % MIN) + 17 * MIN // on a minute; the open hour holds 17 minutes
const FROM = NOW - 10 * HOUR

/** A store holding `sample(t)` every `step` ms over the period (the newest hour still open). */
function seeded(step: (t: number) => number, sample: (t: number, i: number) => Array<[string, number]>) {
  const db = openDatabase(':memory:')
  const metrics = new MetricStore(db, { retention, now: () => NOW })
  let i = 0
  for (let t = FROM; t < NOW; t += step(t), i++) {
    metrics.append(t, sample(t, i))
    if (i % 300 === 0) metrics.flush()
  }
  metrics.flush()
  const zones = new ZoneStore(db)
  const report = buildReport({ metrics, db, databaseBytes: 0, scans: () => zones.scans(), host: thisHost('test'), now: NOW }, { from: FROM, to: NOW, preset: null })
  return { db, metrics, report }
}

const round = (v: number) => Number(v.toPrecision(12))
const oldStats = (b: readonly Bucket[]): Stats =>
  b.length === 0 ? { min: null, max: null, avg: null } : { min: round(Math.min(...b.map((x) => x[1]))), max: round(Math.max(...b.map((x) => x[2]))), avg: round(b.reduce((s, x) => s + x[3], 0) / b.length) }
function expectStats(got: Stats, want: Stats, what: string) {
  expect({ what, min: got.min, max: got.max }).toEqual({ what, min: want.min, max: want.max })
  if (want.avg === null) expect(got.avg).toBeNull()
  else expect(Math.abs(got.avg! - want.avg), what).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want.avg)))
}

describe('report figures from one pass per tier', () => {
  it('equal the per-metric queries on a seeded history (every chart bucket holds the same number of samples)', () => {
    const groups = ['mt5', 'python']
    const { db, metrics, report } = seeded(
      () => 10_000,
      (t, i) => [
        ['cpu.total', ((i * 7919) % 97) + Math.sin(i) * 2 + 2],
        ['mem.used_pct', 40 + (i % 50) / 2],
        ['mem.used', 8e9 + (i % 333) * 1e6],
        ['disk.read_bps', ((i * 31) % 89) * 1e5],
        ['disk.write_bps', ((i * 17) % 83) * 1e5],
        ['net.rx_bps', ((i * 13) % 71) * 1e4],
        ['net.tx_bps', ((i * 11) % 67) * 1e4],
        ['gpu.0.util', (i * 3) % 100],
        ['engine.cpu', 1 + (i % 5) / 10],
        ['engine.rss', 120e6 + (i % 50) * 1e5],
        ...groups.flatMap((g, k): Array<[string, number]> => [[`group.${g}.cpu`, ((i * (k + 3)) % 150) + k], [`group.${g}.rss`, (k + 1) * 5e8 + (i % 7) * 1e6], [`group.${g}.pss`, (k + 1) * 2e8 + (i % 5) * 1e6]]),
      ],
    )
    const per = (m: string, points = REPORT_CHART_POINTS) => metrics.query({ metrics: [m], from: FROM, to: NOW, points }, NOW)
    expect(report.period).toMatchObject({ tier: '1m', bucketMs: per('cpu.total').bucketMs })

    expect(report.utilisation.map((u) => u.metric)).toEqual(['cpu.total', 'mem.used_pct', 'disk.read_bps', 'disk.write_bps', 'net.rx_bps', 'net.tx_bps', 'gpu.0.util'])
    for (const u of report.utilisation) {
      const buckets = per(u.metric).series[0].buckets
      expect(u.points, u.metric).toEqual(buckets.map(([t, lo, hi, avg]) => [t, round(lo), round(hi), round(avg)]))
      expectStats(u.stats, u.metric === 'cpu.total' ? oldStats(per(u.metric, FINE_POINTS).series[0].buckets) : oldStats(buckets), u.metric)
    }
    const fine = per('cpu.total', FINE_POINTS).series[0].buckets
    expect(report.summary.cpu.p95).toBe(percentileOf(fine, 95))
    expect(report.summary.cpu.max).toBe(oldStats(fine).max)
    const peak = (m: string) => oldStats(per(m).series[0].buckets).max
    expect(report.summary).toMatchObject({
      memoryPeakBytes: peak('mem.used'),
      memoryPeakPct: peak('mem.used_pct'),
      gpuPeakPct: peak('gpu.0.util'),
      diskReadPeakBps: peak('disk.read_bps'),
      diskWritePeakBps: peak('disk.write_bps'),
      netRxPeakBps: peak('net.rx_bps'),
      netTxPeakBps: peak('net.tx_bps'),
    })
    for (const g of report.processes.byCpu) {
      expectStats(g.cpu, oldStats(per(`group.${g.name}.cpu`).series[0].buckets), g.name)
      expectStats(g.rssBytes, oldStats(per(`group.${g.name}.rss`).series[0].buckets), g.name)
      expectStats(g.pssBytes, oldStats(per(`group.${g.name}.pss`).series[0].buckets), g.name)
    }
    expect(report.processes.byMemory.map((g) => g.name)).toEqual(['python', 'mt5'])
    expect(report.processes.memory).toMatchObject({ rankedBy: 'pss', pssFrom: null })
    expect(report.processes.byCpu.map((g) => g.name).sort()).toEqual(groups)
    expectStats(report.engine.cpu, oldStats(per('engine.cpu').series[0].buckets), 'engine.cpu')
    expectStats(report.engine.rssBytes, oldStats(per('engine.rss').series[0].buckets), 'engine.rss')
    // Hand-computed: engine.cpu cycles 1.0 … 1.4 over 3,600 samples (720 whole cycles): mean 1.2.
    expect(report.engine.cpu).toEqual({ min: 1, max: 1.4, avg: 1.2 })
    db.close()
  })

  it("takes the CPU's p95 from the 1-minute averages: a p95 of hourly averages would hide the busy minutes", () => {
    // Busy (100 %) for the first 6 minutes of every hour, idle otherwise: 10 % of the minutes are busy.
    const { db, metrics, report } = seeded(
      () => 10_000,
      (t) => [['cpu.total', t % HOUR < 6 * MIN ? 100 : 0]],
    )
    expect(report.summary.cpu).toEqual({ avg: 10, p95: 100, max: 100 })
    // The same period in hourly buckets: every hour averages 10 %, so its p95 would say 10 %.
    const hourly = metrics.query({ metrics: ['cpu.total'], from: FROM, to: NOW, points: 10 }, NOW)
    expect(hourly.bucketMs).toBe(HOUR)
    expect(percentileOf(hourly.series[0].buckets, 95)).toBe(10)
    db.close()
  })

  it('averages every sample, also where the cadence changes (a mean of bucket means would not)', () => {
    // First 5 hours at 60 % every 10 s (1,800 samples), last 5 hours at 0 % every 30 s (600 samples).
    const half = FROM + 5 * HOUR
    const { db, report } = seeded(
      (t) => (t < half ? 10_000 : 30_000),
      (t) => [['cpu.total', t < half ? 60 : 0]],
    )
    const cpu: Report['summary']['cpu'] = report.summary.cpu
    expect(cpu.avg).toBe((1800 * 60) / 2400) // 45, where the mean of the minute means is 30
    expect(report.utilisation[0].stats).toEqual({ min: 0, max: 60, avg: 45 })
    db.close()
  })

  it("says from when a group's PSS was recorded, to the minute on the 1-minute tier", () => {
    // PSS from 3 h 17 min 40 s into a 10-hour period (an engine upgraded then); RSS all along.
    const since = FROM + 3 * HOUR + 17 * MIN + 40_000
    const { db, report } = seeded(
      () => 10_000,
      (t) => [['group.pool.rss', 4e9], ...(t >= since ? [['group.pool.pss', 5e8] as [string, number]] : [])],
    )
    expect(report.period.tier).toBe('1m')
    expect(report.processes.byMemory.map((g) => [g.name, g.pssBytes.avg, g.rssBytes.avg])).toEqual([['pool', 5e8, 4e9]])
    // The 1-minute tier keeps no finer time than the minute the first PSS sample fell in.
    expect(report.processes.memory).toMatchObject({ rankedBy: 'pss', pssFrom: new Date(since - (since % MIN)).toISOString(), withoutPss: [] })
    db.close()
  })
})
