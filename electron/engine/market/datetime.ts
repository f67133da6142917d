// Timestamps from bytes: epoch numbers (unit chosen by magnitude), ISO 8601 date-times, and the
// separate date / time-of-day cells of MetaTrader exports. Every function returns NaN on bad input
// and never allocates on the good path.

import { parseDecimalBytes } from './numbers.ts'

const DAY_MS = 86_400_000

/**
 * Epoch number → epoch ms, the unit decided per value by magnitude (|v|):
 *   < 1e11 → seconds (up to year 5138),   < 1e14 → milliseconds (from 1973-03-03),
 *   < 1e17 → microseconds (Binance spot files since 2025),   otherwise nanoseconds.
 * A millisecond timestamp before 1973-03-03 would therefore be read as seconds. The result is
 * rounded to a whole millisecond.
 */
export function epochToMs(v: number): number {
  const a = Math.abs(v)
  if (a < 1e11) return Math.round(v * 1000)
  if (a < 1e14) return Math.round(v)
  if (a < 1e17) return Math.round(v / 1000)
  return Math.round(v / 1e6)
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** n ASCII digits at buf[i..i+n) as an integer, or -1. */
function digitsAt(buf: Uint8Array, i: number, n: number, end: number): number {
  if (i + n > end) return -1
  let v = 0
  for (let k = 0; k < n; k++) {
    const d = buf[i + k] - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v
}

function isDateSep(c: number): boolean {
  return c === 45 || c === 46 || c === 47 // '-' '.' '/'
}

/**
 * `hh:mm[:ss[.fff…]]` starting at buf[i]: returns ms since midnight and stores the index after it in
 * `cursor[0]`, or returns NaN. Digits beyond milliseconds are ignored (truncation).
 */
function clockAt(buf: Uint8Array, i: number, end: number, cursor: Int32Array): number {
  const hh = digitsAt(buf, i, 2, end)
  if (hh < 0 || hh > 23 || i + 2 >= end || buf[i + 2] !== 58) return NaN
  const mi = digitsAt(buf, i + 3, 2, end)
  if (mi < 0 || mi > 59) return NaN
  i += 5
  let ms = (hh * 60 + mi) * 60_000
  if (i < end && buf[i] === 58) {
    const ss = digitsAt(buf, i + 1, 2, end)
    if (ss < 0 || ss > 59) return NaN
    ms += ss * 1000
    i += 3
    if (i < end && (buf[i] === 46 || buf[i] === 44)) {
      i++
      let scale = 100
      const from = i
      while (i < end) {
        const d = buf[i] - 48
        if (d < 0 || d > 9) break
        ms += d * scale
        scale = (scale / 10) | 0
        i++
      }
      if (i === from) return NaN
    }
  }
  cursor[0] = i
  return ms
}

const cursor = new Int32Array(1)

/**
 * ISO 8601 (extended form) → epoch ms:
 *   `YYYY-MM-DD` (UTC midnight), optionally followed by `T` or a space and `hh:mm[:ss[.fff]]`,
 *   optionally followed (after an optional space) by `Z` or an offset `±hh`, `±hh:mm`, `±hhmm`.
 * No offset means UTC. The date separator may also be '.' or '/' (MetaTrader writes 2024.01.02).
 */
export function parseIsoBytes(buf: Uint8Array, start: number, end: number): number {
  const y = digitsAt(buf, start, 4, end)
  if (y < 0) return NaN
  const sep = buf[start + 4]
  if (!isDateSep(sep) || buf[start + 7] !== sep) return NaN
  const mo = digitsAt(buf, start + 5, 2, end)
  const d = digitsAt(buf, start + 8, 2, end)
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN
  let t = daysFromCivil(y, mo, d) * DAY_MS
  let i = start + 10
  if (i === end) return t
  const c = buf[i]
  if (c !== 84 && c !== 116 && c !== 32) return NaN // 'T' 't' ' '
  const clock = clockAt(buf, i + 1, end, cursor)
  if (clock !== clock) return NaN
  t += clock
  i = cursor[0]
  if (i < end && buf[i] === 32) i++
  if (i === end) return t
  const z = buf[i]
  if ((z === 90 || z === 122) && i + 1 === end) return t // 'Z' 'z'
  if (z !== 43 && z !== 45) return NaN
  const oh = digitsAt(buf, i + 1, 2, end)
  if (oh < 0 || oh > 23) return NaN
  i += 3
  let om = 0
  if (i < end) {
    if (buf[i] === 58) i++
    om = digitsAt(buf, i, 2, end)
    if (om < 0 || om > 59) return NaN
    i += 2
  }
  if (i !== end) return NaN
  const offset = (oh * 60 + om) * 60_000
  return z === 43 ? t - offset : t + offset
}

/** A time-of-day cell `hh:mm[:ss[.fff]]` → ms since midnight, or NaN. */
export function parseClockBytes(buf: Uint8Array, start: number, end: number): number {
  const ms = clockAt(buf, start, end, cursor)
  return ms === ms && cursor[0] === end ? ms : NaN
}

/** A timestamp cell: an epoch number (see epochToMs) or an ISO 8601 date-time; NaN if neither. */
export function parseTimeBytes(buf: Uint8Array, start: number, end: number): number {
  const v = parseDecimalBytes(buf, start, end)
  if (v === v) return epochToMs(v)
  return parseIsoBytes(buf, start, end)
}
