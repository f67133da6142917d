// The History view's range model: presets that follow now, fixed ranges (custom, zoom, scroll),
// and what a query answered.
import type { QueryResult, Tier } from '../../../../shared/contract.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
export const PRESETS = [
  { id: '15m', label: '15 min', span: 15 * MINUTE },
  { id: '1h', label: '1 h', span: HOUR },
  { id: '24h', label: '24 h', span: DAY },
  { id: '7d', label: '7 d', span: 7 * DAY },
  { id: '30d', label: '30 d', span: 30 * DAY },
] as const
export type PresetId = (typeof PRESETS)[number]['id']

export type Range = { kind: 'preset'; id: PresetId } | { kind: 'fixed'; from: number; to: number; why: 'custom' | 'zoom' | 'scroll' }

export interface Answer {
  tier: Tier
  bucketMs: number
  points: number
  from: number
  to: number
  /** Set when the range asked for starts before the first stored sample: drawn from here. */
  dataStart: number | null
  empty: Set<string>
}

/** The earliest bucket of any series, or null when the result holds none. */
export function firstBucketTime(result: QueryResult): number | null {
  let first: number | null = null
  for (const s of result.series) if (s.buckets.length > 0 && (first === null || s.buckets[0][0] < first)) first = s.buckets[0][0]
  return first
}

export function spanOf(id: PresetId): number {
  return PRESETS.find((p) => p.id === id)!.span
}

export function bounds(range: Range): { from: number; to: number } {
  if (range.kind === 'fixed') return { from: range.from, to: range.to }
  const to = Date.now()
  return { from: to - spanOf(range.id), to }
}

export function rangeName(range: Range): string {
  return range.kind === 'preset' ? range.id : range.why
}
