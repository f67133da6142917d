// store/tier-read.ts reads many metrics in one statement per tier: its buckets equal MetricStore.query's
// (the per-metric path) on every tier, and its totals equal a walk over every sample the period's
// buckets cover, though whole hours come from the 1-hour tier. The history is irregular (gaps, a
// metric that starts late) and its newest hour is still open (in memory), so every merge is exercised.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../../electron/engine/store/metric-store.ts'
import { tempDir } from '../../../helpers/temp.ts'

const MIN = 60_000
const HOUR = 3_600_000
const DAY = 24 * HOUR
// Small retentions so a few days of history span all three tiers: raw 6 h, 1-minute 2 days.
const retention = { rawHours: 6, minuteDays: 2, hourDays: 730 }
const NOW = 1_700_000_000_000 + 23 * MIN + 37_123 // mid-hour, mid-minute: the open hour holds 23 minutes
const STEP = 13_000
const START = NOW - 4 * DAY + 7_777
const METRICS = ['a', 'b', 'c']
const inGap = (t: number) => t % (5 * HOUR) < 40 * MIN // a 40-minute gap every 5 hours: buckets of unequal counts
/** The first sample time at or after t. */
function sampleAfter(t: number): number {
  let s = START + Math.ceil((t - START) / STEP) * STEP
  while (inGap(s)) s += STEP
  return s
}

interface Sample {
  metric: string
  t: number
  v: number
}
const samples: Sample[] = []
let db: Db
let store: MetricStore

beforeAll(() => {
  db = openDatabase(path.join(tempDir('gw-tier-read-'), 'gapwatch.db'))
  store = new MetricStore(db, { retention, now: () => NOW })
  let n = 0
  for (let t = START; t < NOW; t += STEP, n++) {
    if (inGap(t)) continue
    const values: Array<[string, number]> = [['a', ((n * 7919) % 101) + Math.sin(n) / 3]]
    if (n % 3 !== 0) values.push(['b', (n % 17) * 1e6 + 0.25])
    if (t > NOW - 30 * HOUR) values.push(['c', ((n * 31) % 7) - 6.5]) // starts inside the 1-minute tier
    for (const [metric, v] of values) samples.push({ metric, t, v })
    store.append(t, values)
    if (n % 500 === 0) store.flush()
  }
  store.flush() // the newest hour stays open, in memory (and the raw log)
})
afterAll(() => db.close())

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit

/** min/max/sum/count of the samples `keep` selects, per metric, by a walk over all of them. */
function walk(keep: (t: number) => boolean): Map<string, { min: number; max: number; sum: number; count: number }> {
  const out = new Map<string, { min: number; max: number; sum: number; count: number }>()
  for (const s of samples) {
    if (!keep(s.t)) continue
    const a = out.get(s.metric) ?? { min: Infinity, max: -Infinity, sum: 0, count: 0 }
    out.set(s.metric, { min: Math.min(a.min, s.v), max: Math.max(a.max, s.v), sum: a.sum + s.v, count: a.count + 1 })
  }
  return out
}

// [label, from, to, expected tier]: unaligned ends, periods inside one minute or one hour, the open hour.
const PERIODS: Array<[string, number, number, string]> = [
  ['raw, to now', NOW - 5 * HOUR + 12_345, NOW, 'raw'],
  ['raw, one sample', sampleAfter(NOW - 2 * HOUR), sampleAfter(NOW - 2 * HOUR) + 1, 'raw'],
  ['raw, ends mid-minute in the past', NOW - 3 * HOUR - 59_999, NOW - 1 * HOUR + 1, 'raw'],
  ['1-minute tier, to now', NOW - 40 * HOUR + 4_321, NOW, '1m'],
  ['1-minute tier, inside one hour', NOW - 20 * HOUR + 5 * MIN + 1, NOW - 20 * HOUR + 50 * MIN + 7, '1m'],
  ['1-hour tier, to now', NOW - 3.5 * DAY + 999, NOW, '1h'],
  ['1-hour tier, in the past', NOW - 3.9 * DAY, NOW - 2.5 * DAY + 17 * MIN, '1h'],
]

describe('TierRead.buckets', () => {
  it.each(PERIODS)('equals the per-metric query: %s', (_label, from, to, tier) => {
    const read = store.tierRead(NOW)
    for (const points of [7, 400, 100_000]) {
      const one = read.buckets([...METRICS, 'missing'], from, to, points)
      const per = store.query({ metrics: [...METRICS, 'missing'], from, to, points }, NOW)
      expect(one.tier).toBe(tier)
      expect(one).toEqual(per)
      expect(one.series.find((s) => s.metric === 'a')!.buckets.length).toBeGreaterThan(0)
    }
  })

  it('1-minute buckets of the 1-minute tier (one row each, read without grouping) are the minutes of the samples', () => {
    const from = floorTo(NOW - 30 * HOUR, MIN)
    const to = from + HOUR
    const minutes = new Map<number, number[]>()
    for (const s of samples) if (s.metric === 'a' && s.t >= from && s.t < to) minutes.set(floorTo(s.t, MIN), [...(minutes.get(floorTo(s.t, MIN)) ?? []), s.v])
    const expected = [...minutes].map(([t, vs]) => [t, Math.min(...vs), Math.max(...vs), vs.reduce((x, y) => x + y, 0) / vs.length])
    for (const result of [store.tierRead(NOW).buckets(['a'], from, to, 100_000), store.query({ metrics: ['a'], from, to, points: 100_000 }, NOW)]) {
      expect(result.bucketMs).toBe(MIN)
      const got = result.series[0].buckets
      expect(got.map((b) => b.slice(0, 3))).toEqual(expected.map((b) => b.slice(0, 3)))
      got.forEach((b, k) => expect(b[3]).toBeCloseTo(expected[k][3], 9))
    }
  })
})

describe('TierRead.totals', () => {
  // What each tier's buckets cover: raw the samples in [from, to); a rollup tier its rows from the one
  // holding `from` up to `to` (so whole minutes or hours at the ends).
  const covered = (from: number, to: number, tier: string) => (t: number) =>
    tier === 'raw' ? t >= from && t < to : tier === '1m' ? floorTo(t, MIN) >= floorTo(from, MIN) && floorTo(t, MIN) < to : floorTo(t, HOUR) >= floorTo(from, HOUR) && floorTo(t, HOUR) < to

  it.each(PERIODS)('equal a walk over every covered sample: %s', (_label, from, to, tier) => {
    const totals = store.tierRead(NOW).totals([...METRICS, 'missing'], from, to)
    const expected = walk(covered(from, to, tier))
    expect([...totals.keys()].sort()).toEqual([...expected.keys()].sort())
    for (const [metric, e] of expected) {
      const t = totals.get(metric)!
      expect({ metric, min: t.min, max: t.max, count: t.count }).toEqual({ metric, min: e.min, max: e.max, count: e.count })
      expect(t.sum / t.count).toBeCloseTo(e.sum / e.count, 6)
    }
  })

  it('read whole hours from the 1-hour tier: a changed hour row shows in the totals', () => {
    // Proof of where the figures come from, not a use: the 1-hour rows are computed from the minutes,
    // so only tampering tells them apart. Done on a copy of the row, restored afterwards.
    const from = NOW - 40 * HOUR
    const hour = floorTo(NOW - 30 * HOUR, HOUR)
    const id = (db.prepare('SELECT id FROM metric WHERE name = ?').get('a') as { id: number }).id
    const before = store.tierRead(NOW).totals(['a'], from, NOW).get('a')!
    const row = db.prepare('SELECT max FROM rollup_1h WHERE metric_id = ? AND t = ?').get(id, hour) as { max: number }
    db.prepare('UPDATE rollup_1h SET max = 1e9 WHERE metric_id = ? AND t = ?').run(id, hour)
    try {
      expect(store.tierRead(NOW).totals(['a'], from, NOW).get('a')!.max).toBe(1e9)
    } finally {
      db.prepare('UPDATE rollup_1h SET max = ? WHERE metric_id = ? AND t = ?').run(row.max, id, hour)
    }
    expect(store.tierRead(NOW).totals(['a'], from, NOW).get('a')).toEqual(before)
  })

  it('a metric without samples in the period has no totals', () => {
    expect(store.tierRead(NOW).totals(['c'], NOW - 3.9 * DAY, NOW - 3 * DAY).has('c')).toBe(false)
  })
})

describe('closed hours whose rollups still wait in memory (store/pending-rollups.ts)', () => {
  // Two and a half hours of samples with raw kept 6 h: the rollup batch is due every 3 hours, so the
  // newest closed hours' minute and hour rollups are in memory only.
  // The reads must merge them as MetricStore.query does, or the report would miss the recent hours.
  let pdb: Db
  let pstore: MetricStore
  const recent: Sample[] = []
  beforeAll(() => {
    pdb = openDatabase(path.join(tempDir('gw-tier-read-pending-'), 'gapwatch.db'))
    pstore = new MetricStore(pdb, { retention, now: () => NOW })
    let n = 0
    for (let t = NOW - 2.5 * HOUR; t < NOW; t += STEP, n++) {
      const v = ((n * 7919) % 101) + Math.sin(n) / 3
      recent.push({ metric: 'a', t, v })
      pstore.append(t, [['a', v]])
      if (n % 100 === 0) pstore.flush()
    }
    pstore.flush()
  })
  afterAll(() => pdb.close())

  it('the rollup tables lack closed minutes and hours (they wait in memory)', () => {
    const closed = new Set(recent.filter((r) => r.t < floorTo(NOW, HOUR)).map((r) => floorTo(r.t, MIN)))
    expect((pdb.prepare('SELECT count(*) AS n FROM rollup_1m').get() as { n: number }).n).toBeLessThan(closed.size)
    expect((pdb.prepare('SELECT count(*) AS n FROM rollup_1h').get() as { n: number }).n).toBeLessThan(new Set([...closed].map((t) => floorTo(t, HOUR))).size)
  })

  it.each([
    ['raw tier', NOW - 2.6 * HOUR, NOW, 'raw'],
    ['1-minute tier', NOW - 10 * HOUR, NOW, '1m'],
    ['1-hour tier', NOW - 3 * DAY, NOW, '1h'],
  ])('buckets equal the per-metric query and totals the samples: %s', (_label, from, to, tier) => {
    const read = pstore.tierRead(NOW)
    for (const points of [7, 400]) {
      const one = read.buckets(['a'], from, to, points)
      expect(one.tier).toBe(tier)
      expect(one).toEqual(pstore.query({ metrics: ['a'], from, to, points }, NOW))
    }
    const t = read.totals(['a'], from, to).get('a')!
    const vs = recent.map((s) => s.v)
    expect({ min: t.min, max: t.max, count: t.count }).toEqual({ min: Math.min(...vs), max: Math.max(...vs), count: vs.length })
    expect(t.sum / t.count).toBeCloseTo(vs.reduce((x, y) => x + y, 0) / vs.length, 6)
  })
})
