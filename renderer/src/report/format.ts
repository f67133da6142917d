// How the report page prints times and figures: UTC throughout (a report is sent to others, whose
// time zone is not the host's); value axes come from axis.ts.

/** "2026-12-02 14:05 UTC" (shared: the report model's notes print times the same way). */
export { formatUtcMinute as utc } from '../../../shared/format.ts'

/** Tick label of an epoch-ms axis: the time of day, with the date on spans over a day. */
export function tick(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString()
  return spanMs > 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16)
}

const MIN = 60_000
const STEPS = [MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, 60 * MIN, 2 * 60 * MIN, 3 * 60 * MIN, 6 * 60 * MIN, 12 * 60 * MIN, 1440 * MIN, 2 * 1440 * MIN, 7 * 1440 * MIN]

/** A round time step giving at most 8 ticks over the span (UTC-aligned multiples). */
export function tickStep(spanMs: number): number {
  return STEPS.find((s) => spanMs / s <= 8) ?? Math.ceil(spanMs / 8 / (1440 * MIN)) * 1440 * MIN
}
