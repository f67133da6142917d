// Durations as Prometheus writes them (30s, 5m, 1h30m, 1d, 250ms), used by alert rules, the CLI's
// time arguments and webhooks; and when a snooze ends, given as such a duration or a wall-clock time.
import { TZDate } from '@date-fns/tz'
import { z } from 'zod'
import { MAX_DURATION_MS } from './limits.ts'

const DURATION_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
]
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/

/** Milliseconds of a Prometheus duration spelled right, whatever its size (Infinity for 400 digits). */
function durationMs(text: string): number | null {
  if (text === '') return null
  const m = DURATION_RE.exec(text)
  if (!m) return null
  let ms = 0
  for (let i = 0; i < DURATION_UNITS.length; i++) if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * DURATION_UNITS[i][1]
  return ms
}

/** Milliseconds of a Prometheus duration of at most MAX_DURATION_MS (100y), or null when the text is not one. */
export function parsePromDuration(text: string): number | null {
  const ms = durationMs(text)
  return ms !== null && ms <= MAX_DURATION_MS ? ms : null
}

/** The shortest Prometheus spelling of a duration in ms (`0s` for zero). */
export function formatPromDuration(ms: number): string {
  if (ms <= 0) return '0s'
  let rest = Math.round(ms)
  let out = ''
  for (const [unit, size] of DURATION_UNITS) {
    if (unit === 'y' || unit === 'w') continue
    const n = Math.floor(rest / size)
    if (n > 0) out += `${n}${unit}`
    rest -= n * size
  }
  return out
}

export const DurationSchema = z.string().superRefine((s, ctx) => {
  const ms = durationMs(s)
  if (ms === null) ctx.addIssue({ code: 'custom', message: 'is not a duration (Prometheus style: 30s, 5m, 1h, 1h30m, 1d)' })
  else if (!(ms <= MAX_DURATION_MS)) ctx.addIssue({ code: 'custom', message: `is longer than ${MAX_DURATION_MS / DURATION_UNITS[0][1]}y` })
})

/** A duration between min and max ms inclusive (a webhook's timeout: 1s to 5m), refused naming both. */
export function boundedDuration(minMs: number, maxMs: number) {
  return DurationSchema.refine(
    (s) => {
      const ms = parsePromDuration(s)
      return ms === null || (ms >= minMs && ms <= maxMs) // null: DurationSchema said why
    },
    { message: `must be between ${formatPromDuration(minMs)} and ${formatPromDuration(maxMs)}` },
  )
}

/**
 * When a snooze ends, for the tray menu and the dashboard: a duration from now (`15m`, `1h`) or the
 * next HH:MM wall-clock time in a time zone (`08:00`: tomorrow 08:00 once today's has passed), correct
 * across DST changes. Null when the text is neither.
 */
export function snoozeUntil(spec: string, now: number, tz: string): number | null {
  const d = parsePromDuration(spec)
  if (d !== null) return d > 0 ? now + d : null
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(spec)
  if (!m) return null
  const local = new TZDate(now, tz)
  for (let days = 0; days <= 2; days++) {
    const at = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + days, Number(m[1]), Number(m[2]), tz).getTime()
    if (at > now) return at
  }
  return null
}
