// Broker time: MetaTrader 5 exports (and many others) write wall-clock times in the broker's server
// zone, not UTC. `zoneToUtc(zone)` turns such wall-clock times (read as if UTC) into true UTC
// instants, for an IANA zone (Europe/Athens, America/New_York) or a fixed offset (+02:00, -0530).
// Across a DST change: a wall-clock time in the repeated hour is its first occurrence, unless rows in
// time order went back into it (the clock went back: 03:45 then 03:00), which take the second
// occurrence from there until the hour is over; one in the skipped hour (which no clock showed) is
// read with the offset before the change. `dstNote` says which change a rejected time falls in.
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

/** Wall-clock ms in a zone (read as if UTC) → the UTC instant, for rows in time order (it keeps state). */
export interface ZoneConverter {
  (wallMs: number): number
  /**
   * Why the time just converted may break the order of the rows, naming the DST change: its wall
   * time occurs twice, or it or the one converted before it was skipped by the clocks. Null when neither.
   */
  dstNote(): string | null
  /** Whether the wall-clock time of this UTC instant occurs twice (the hour the clocks went back over). */
  repeated(utcMs: number): boolean
}

const wallText = (wall: number) => new Date(wall).toISOString().slice(0, 16).replace('T', ' ')

/** A converter from wall-clock ms in `zone` (read as if UTC) to the UTC instant. */
export function zoneToUtc(zone: string): ZoneConverter {
  const z = checkZone(zone)
  const fixed = fixedOffset(z)
  if (fixed !== null) return Object.assign((wall: number) => wall - fixed * 60_000, { dstNote: (): string | null => null, repeated: () => false })
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
  /** The instants a wall time near a change maps back to, earliest first: none (skipped), one, or two (repeated). */
  const instants = (wall: number): number[] => {
    const out: number[] = []
    for (const cand of [offsetAt(wall - DAY), offsetAt(wall + DAY)]) {
      const utc = wall - cand
      if (offsetAt(utc) === cand && !out.includes(utc)) out.push(utc)
    }
    return out.sort((a, b) => a - b)
  }
  // The last wall-clock day seen and its offset (NaN: not steady): candles come in order.
  let lastDay = NaN
  let lastOffset = NaN
  // The row before: its wall time, its instant, and whether it took a repeated time's second occurrence.
  let prevWall = -Infinity
  let prevUtc = -Infinity
  let onSecond = false
  let beforeWall = -Infinity
  const convert = (wall: number): number => {
    // A wall time of day k is an instant within days k − 1 … k + 1 (offsets are under 24 h).
    const k = Math.floor(wall / DAY)
    if (k !== lastDay) {
      const o = steadyOver(days, k, DAY)
      lastDay = k
      lastOffset = steadyOver(days, k - 1, DAY) === o && steadyOver(days, k + 1, DAY) === o ? o : NaN
    }
    if (lastOffset === lastOffset) {
      onSecond = false
      return wall - lastOffset
    }
    // Near a change: the offsets in force around it that map back to this wall time.
    const at = instants(wall)
    if (at.length === 0) {
      onSecond = false
      return wall - offsetAt(wall - DAY) // in the skipped hour
    }
    // The clock went back (or already had) into a repeated time the first occurrence of which is
    // not after the row before: the second occurrence.
    onSecond = at.length === 2 && at[0] <= prevUtc && at[1] > prevUtc && (wall < prevWall || onSecond)
    return onSecond ? at[1] : at[0]
  }
  const toUtc = (wall: number): number => {
    const utc = convert(wall)
    beforeWall = prevWall
    prevWall = wall
    prevUtc = utc
    return utc
  }
  const near = (wall: number) => Number.isNaN(steadyOver(days, Math.floor(wall / DAY), DAY)) || Number.isNaN(steadyOver(days, Math.floor(wall / DAY) + 1, DAY)) || Number.isNaN(steadyOver(days, Math.floor(wall / DAY) - 1, DAY))
  return Object.assign(toUtc, {
    repeated(utc: number): boolean {
      const wall = utc + offsetAt(utc)
      return near(wall) && instants(wall).length === 2
    },
    dstNote(): string | null {
      if (near(prevWall)) {
        const at = instants(prevWall)
        if (at.length === 2) return `${wallText(prevWall)} occurs twice in ${z} (the clocks went back)`
        if (at.length === 0) return `${wallText(prevWall)} does not exist in ${z} (the clocks went forward over it)`
      }
      if (beforeWall > -Infinity && near(beforeWall) && instants(beforeWall).length === 0) return `${wallText(beforeWall)} on the line before does not exist in ${z} (the clocks went forward over it)`
      return null
    },
  })
}
