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
