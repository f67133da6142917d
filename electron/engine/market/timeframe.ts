// Timeframes as milliseconds: parsing ('15m', '1h', 'H4', '90s'), naming, and finding the base
// interval of a series.

export const SECOND_MS = 1000
export const MINUTE_MS = 60 * SECOND_MS
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS
export const WEEK_MS = 7 * DAY_MS

export class TimeframeError extends Error {
  override name = 'TimeframeError'
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: SECOND_MS,
  m: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
  w: WEEK_MS,
}

/**
 * '90s' | '1m' | '15m' | '1h' | '4h' | '1d' | '1w' (also '250ms', and 'H', 'D', 'W' in capitals) and
 * MetaTrader names 'M1' 'M15' 'H1' 'H4' 'D1' 'W1' → milliseconds. A capital 'M' after the number
 * ('1M') is refused: it means a month elsewhere, which is no fixed length.
 */
export function parseTimeframe(text: string): number {
  const s = text.trim()
  const mt = /^([MHDW])(\d+)$/.exec(s)
  if (mt) return checked(Number(mt[2]) * UNIT_MS[mt[1] === 'M' ? 'm' : mt[1].toLowerCase()], text)
  const m = /^(\d+)(ms|s|m|h|d|w|H|D|W)$/.exec(s)
  if (!m) {
    throw new TimeframeError(`"${text}" is not a timeframe (expected e.g. 90s, 5m, 15m, 1h, 4h, 1d, 1w or M15, H1)`)
  }
  return checked(Number(m[1]) * UNIT_MS[m[2] === 'ms' ? 'ms' : m[2].toLowerCase()], text)
}

function checked(ms: number, text: string): number {
  if (!(ms > 0)) throw new TimeframeError(`"${text}" is not a positive timeframe`)
  if (!Number.isSafeInteger(ms)) throw new TimeframeError(`"${text}" is too long a timeframe`)
  return ms
}

/** Milliseconds → the shortest name in the largest whole unit: 900000 → '15m', 5400000 → '90m', 90000 → '90s'. */
export function formatTimeframe(ms: number): string {
  if (!(ms > 0) || !Number.isFinite(ms)) throw new TimeframeError(`${ms} is not a positive timeframe`)
  for (const [unit, size] of [['w', WEEK_MS], ['d', DAY_MS], ['h', HOUR_MS], ['m', MINUTE_MS], ['s', SECOND_MS]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}

/**
 * The base interval of a series: the most common spacing between consecutive times (weekend and
 * session gaps are rarer than the bar spacing). Ties go to the smaller spacing. NaN with < 2 times.
 */
export function detectInterval(time: Float64Array): number {
  const n = time.length
  if (n < 2) return NaN
  // Nearly every spacing equals the first one: count that run without a Map.
  const first = time[1] - time[0]
  let same = 0
  for (let i = 1; i < n; i++) if (time[i] - time[i - 1] === first) same++
  if (same * 2 > n - 1) return first
  const counts = new Map<number, number>()
  for (let i = 1; i < n; i++) {
    const d = time[i] - time[i - 1]
    counts.set(d, (counts.get(d) ?? 0) + 1)
  }
  return mostCommon(counts)
}

/** The spacing counted most often; ties go to the smaller one. NaN for no counts. */
export function mostCommon(counts: ReadonlyMap<number, number>): number {
  let best = NaN
  let bestCount = 0
  for (const [d, k] of counts) {
    if (k > bestCount || (k === bestCount && d < best)) {
      best = d
      bestCount = k
    }
  }
  return best
}
