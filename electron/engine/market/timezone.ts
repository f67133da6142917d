// Broker time: MetaTrader 5 exports (and many others) write wall-clock times in the broker's server
// zone, not UTC. `zoneToUtc(zone)` turns such wall-clock times (read as if UTC) into true UTC
// instants, for an IANA zone (Europe/Athens, America/New_York) or a fixed offset (+02:00, -0530).
// Across a DST change: a wall-clock time in the repeated hour is its first occurrence, and one in the
// skipped hour (which no clock showed) is read with the offset before the change.
// The one function used, from its own entry: the package's index loads 8 modules (TZDate, …).
import { tzOffset } from '@date-fns/tz/tzOffset'

export class TimeZoneError extends Error {
  override name = 'TimeZoneError'
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** A UTC offset as a whole: ±HH, ±HHMM or ±HH:MM, under a day. */
const OFFSET = /^([+-])(\d{2})(?::?(\d{2}))?$/

/** Minutes east of UTC of a fixed offset zone; null when `zone` is not one. */
function fixedOffset(zone: string): number | null {
  const m = OFFSET.exec(zone)
  if (!m) return null
  const h = Number(m[2])
  const min = Number(m[3] ?? '0')
  if (h > 23 || min > 59) return null
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min)
}

/**
 * The zone as given, checked as a whole, in one spelling (throws TimeZoneError naming it): a UTC
 * offset as ±HH:MM, else an IANA name as Intl spells it (europe/athens → Europe/Athens).
 */
export function checkZone(zone: string): string {
  const z = zone.trim()
  const bad = () => new TimeZoneError(`"${zone}" is not an IANA time zone (e.g. Europe/Athens) or a UTC offset (e.g. +02:00)`)
  if (z === '' || z.length > 64) throw bad()
  if (z.startsWith('+') || z.startsWith('-')) {
    const o = fixedOffset(z)
    if (o === null) throw bad()
    const a = Math.abs(o)
    return `${o < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
  }
  let name: string
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone: z }).resolvedOptions().timeZone
  } catch {
    throw bad()
  }
  if (!Number.isFinite(tzOffset(name, new Date(0)))) throw bad()
  return name
}

/** A converter from wall-clock ms in `zone` (read as if UTC) to the UTC instant. */
export function zoneToUtc(zone: string): (wallMs: number) => number {
  const z = checkZone(zone)
  const fixed = fixedOffset(z)
  if (fixed !== null) return (wall: number) => wall - fixed * 60_000
  const exact = (utc: number) => tzOffset(z, new Date(utc)) * 60_000
  // An offset that holds for a whole UTC day (or hour), else NaN: Intl is slow, a day has one offset
  // but on the few days with a change.
  const days = new Map<number, number>()
  const hours = new Map<number, number>()
  const steadyOver = (cache: Map<number, number>, k: number, span: number): number => {
    let o = cache.get(k)
    if (o === undefined) {
      const a = exact(k * span)
      o = a === exact(k * span + span - 1) ? a : NaN
      cache.set(k, o)
    }
    return o
  }
  const offsetAt = (utc: number): number => {
    const d = steadyOver(days, Math.floor(utc / DAY), DAY)
    if (d === d) return d
    const h = steadyOver(hours, Math.floor(utc / HOUR), HOUR)
    return h === h ? h : exact(utc)
  }
  // The last wall-clock day seen and its offset (NaN: not steady): candles come in order.
  let lastDay = NaN
  let lastOffset = NaN
  return (wall: number): number => {
    // A wall time of day k is an instant within days k − 1 … k + 1 (offsets are under 24 h).
    const k = Math.floor(wall / DAY)
    if (k !== lastDay) {
      const o = steadyOver(days, k, DAY)
      lastDay = k
      lastOffset = steadyOver(days, k - 1, DAY) === o && steadyOver(days, k + 1, DAY) === o ? o : NaN
    }
    if (lastOffset === lastOffset) return wall - lastOffset
    // Near a change: the offsets in force around it that map back to this wall time.
    const before = offsetAt(wall - DAY)
    const after = offsetAt(wall + DAY)
    let best = NaN
    for (const cand of [before, after]) {
      const utc = wall - cand
      if (offsetAt(utc) === cand && !(utc >= best)) best = utc
    }
    return best === best ? best : wall - before // in the skipped hour
  }
}
