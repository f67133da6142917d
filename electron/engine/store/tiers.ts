// The history tiers (raw, 1-minute and 1-hour rollups), how long each keeps its rows, and which one a
// range query reads at what bucket width. MetricStore.query, TierRead and the alert backtest share it.
import type { Tier } from '../../../shared/contract.ts'
import { HOUR, MINUTE } from './open-hour.ts'

export interface Retention {
  rawHours: number
  minuteDays: number
  hourDays: number
}

/** The width of one row of each tier (raw: a sample, so 1 ms). */
export const TIER_RESOLUTION_MS: Readonly<Record<Tier, number>> = { raw: 1, '1m': MINUTE, '1h': HOUR }

/** How long each tier keeps its rows, in ms. */
export function retentionMs(r: Retention): Record<Tier, number> {
  return { raw: r.rawHours * HOUR, '1m': r.minuteDays * 24 * HOUR, '1h': r.hourDays * 24 * HOUR }
}

/** The finest tier whose retention reaches back to `from`. */
export function chooseTier(from: number, now: number, r: Retention): Tier {
  const keep = retentionMs(r)
  if (from >= now - keep.raw) return 'raw'
  if (from >= now - keep['1m']) return '1m'
  return '1h'
}

/** Bucket width for at most `points` buckets over [from, to), a whole multiple of the tier's resolution. */
export function bucketWidth(from: number, to: number, points: number, tier: Tier): number {
  const res = TIER_RESOLUTION_MS[tier]
  const span = Math.max(1, to - from)
  return Math.max(res, Math.ceil(Math.ceil(span / points) / res) * res)
}

/**
 * [from, to) cut where a finer tier's retention begins, each part with the finest tier that covers it
 * (`chooseTier` of the part's start): an export over 40 days gets its last 30 days at the minute and
 * its last 48 h raw, not the whole range from the tier of `from`. The cuts are on `from`'s grid of
 * `grid` ms, moved later, so each part's buckets stay on one grid and its tier choice holds.
 */
export function tierParts(from: number, to: number, now: number, r: Retention, grid: number): Array<{ from: number; to: number; tier: Tier }> {
  const keep = retentionMs(r)
  const cuts = [now - keep['1m'], now - keep.raw].map((h) => from + Math.ceil((h - from) / grid) * grid).filter((c) => c > from && c < to)
  const edges = [...new Set([from, ...cuts, to])].sort((a, b) => a - b)
  return edges.slice(1).map((end, i) => ({ from: edges[i], to: end, tier: chooseTier(edges[i], now, r) }))
}
