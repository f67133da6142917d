// Unit formatting shared by the dashboard, reports and benchmarks: bytes (IEC), rates, percentages,
// durations, counts and prices, plus the unit of each stored metric. Pure and locale-independent
// (a fixed '.' decimal point and narrow no-break-space grouping), so the same value prints the same everywhere.

import { unitOfMetric, type MetricUnit } from './metrics.ts'

const DASH = '—'
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/** 1536 → "1.5 KiB"; whole bytes below 1 KiB; "—" for a value that is not a finite number. */
export function formatBytes(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH
  const sign = n < 0 ? '-' : ''
  let v = Math.abs(n)
  let i = 0
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024
    i++
  }
  // 1023.96 KiB would print as "1024.0 KiB": carry into the next unit.
  if (i > 0 && i < BYTE_UNITS.length - 1 && Number(v.toFixed(digits)) >= 1024) {
    v /= 1024
    i++
  }
  return `${sign}${i === 0 ? Math.round(v) : v.toFixed(digits)} ${BYTE_UNITS[i]}`
}

/** Bytes per second: "12.3 MiB/s". */
export function formatRate(bytesPerSec: number | null | undefined, digits = 1): string {
  const b = formatBytes(bytesPerSec, digits)
  return b === DASH ? b : `${b}/s`
}

/** 12.345 → "12.3 %". */
export function formatPercent(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH
  return `${v.toFixed(digits)} %`
}

/**
 * A duration in ms, with the two most useful units: "0.42 ms", "850 ms", "1.25 s", "1 s", "42.5 s",
 * "3 min 5 s", "2 h 5 min", "3 d 4 h".
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH
  const sign = ms < 0 ? '-' : ''
  const a = Math.abs(ms)
  if (a < 1) return `${sign}${a.toFixed(2)} ms`
  if (a < 10) return `${sign}${a.toFixed(1)} ms`
  if (a < 1000) return `${sign}${Math.round(a)} ms`
  if (a < 10_000) return `${sign}${trimZeros((a / 1000).toFixed(2))} s`
  if (a < 60_000) return `${sign}${trimZeros((a / 1000).toFixed(1))} s`
  const s = Math.round(a / 1000)
  if (s < 3600) return `${sign}${pair(Math.floor(s / 60), 'min', s % 60, 's')}`
  const m = Math.round(s / 60)
  if (m < 24 * 60) return `${sign}${pair(Math.floor(m / 60), 'h', m % 60, 'min')}`
  const h = Math.round(m / 60)
  return `${sign}${pair(Math.floor(h / 24), 'd', h % 24, 'h')}`
}

/** An ISO time to the minute, in UTC: "2026-12-02 14:05 UTC" (the report prints every time so). */
export function formatUtcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** "1.50" → "1.5", "2.00" → "2". */
function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
}

function pair(a: number, ua: string, b: number, ub: string): string {
  return b === 0 ? `${a} ${ua}` : `${a} ${ua} ${b} ${ub}`
}

/** A count with narrow no-break-space grouping: 1234567 → "1 234 567"; fractions keep `digits`. */
export function formatCount(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH
  const [int, frac] = Math.abs(n).toFixed(digits).split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`
}

/** A compact count for throughputs: 950 → "950", 12_300 → "12.3 k", 4_500_000 → "4.50 M". */
export function formatSi(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH
  const a = Math.abs(n)
  const sign = n < 0 ? '-' : ''
  if (a < 1000) return `${sign}${a < 10 && a % 1 !== 0 ? a.toFixed(1) : Math.round(a)}`
  const units = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const
  for (const [base, unit] of units) {
    if (a >= base) {
      const v = a / base
      return `${sign}${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${unit}`
    }
  }
  return `${sign}${a}`
}

/**
 * A price in its instrument's decimals when known (5 for EURUSD, 2 for XAUUSD: see priceDecimals),
 * else with the decimals its magnitude needs: 1.123456 → "1.12346", 145.7212 → "145.721".
 */
export function formatPrice(v: number | null | undefined, decimals?: number | null): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH
  if (decimals !== undefined && decimals !== null) return v.toFixed(Math.min(Math.max(Math.round(decimals), 0), 10))
  const a = Math.abs(v)
  return v.toFixed(a >= 10_000 ? 1 : a >= 1000 ? 2 : a >= 10 ? 3 : 5)
}

/** The most decimals this many prices need to print exactly. */
const MAX_PRICE_DECIMALS = 8

/**
 * An instrument's price precision, derived from its quotes: the most decimal places any of them
 * has (1.10500 is stored as 1.105, so one price says too little; a few dozen say it). Null when
 * there is no finite price.
 */
export function priceDecimals(prices: Iterable<number | null | undefined>): number | null {
  let best: number | null = null
  for (const v of prices) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue
    let d = 0
    while (d < MAX_PRICE_DECIMALS && Number(v.toFixed(d)) !== v) d++
    if (best === null || d > best) best = d
    if (best === MAX_PRICE_DECIMALS) break
  }
  return best
}

// The unit and label of a metric come from the registry (shared/metrics.ts), never from its name.
export type { MetricUnit } from './metrics.ts'
export { unitOfMetric, metricLabel } from './metrics.ts'

/** Formats a value in its metric's unit. */
export function formatMetric(metric: string, v: number | null | undefined): string {
  return formatUnit(unitOfMetric(metric), v)
}

export function formatUnit(unit: MetricUnit, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH
  switch (unit) {
    case 'percent':
      return formatPercent(v)
    case 'bytes':
      return formatBytes(v)
    case 'bytesPerSec':
      return formatRate(v)
    case 'opsPerSec':
      return `${formatSi(v)} ops/s`
    case 'celsius':
      return `${v.toFixed(0)} °C`
    case 'watts':
      return `${v.toFixed(0)} W`
    case 'plain':
      return Math.abs(v) >= 1000 ? formatSi(v) : v.toFixed(2)
  }
}

/** The p-th percentile (0–100) of the values, nearest-rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length)
  return sorted[Math.max(rank - 1, 0)]
}
