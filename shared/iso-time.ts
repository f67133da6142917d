// ISO 8601 times as users type them (`2026-03-01`, `2026-03-01T08:00Z`, `2026-03-01 08:00:00+02:00`),
// for the CLI's time arguments, /api/report and history CSV. V8's Date.parse rolls days 29–31 over
// into the next month (`2026-02-30` is 2 March), so the Y-M-D read is checked against the calendar
// first. (date-fns' parseISO checks the day too, but reads a bare date as local time where
// Date.parse, and so every existing caller, reads UTC.)
import { z } from 'zod'

const YMD = /^(\d{4})-(\d\d)-(\d\d)(?=$|[Tt ])/
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * Why a text is not a time: `not-a-date` (a Y-M-D its calendar does not have: the reason names the
 * month and its days, worth showing as is) or `not-iso` (anything else; callers say what they take).
 */
export type IsoTimeFailure = { ok: false; kind: 'not-a-date' | 'not-iso'; reason: string }
export type IsoTime = { ok: true; t: number } | IsoTimeFailure

/** Days in a month (1-12) of a year, by the proleptic Gregorian calendar Date uses. */
function daysIn(year: number, month: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month, 0) // day 0 of the next month: the last of this one (Date.UTC would read 0050 as 1950)
  return d.getUTCDate()
}

/**
 * Epoch ms of an ISO 8601 time starting with YYYY-MM-DD, or why it is not one: kind `not-a-date`
 * for a day its month does not have, `not-iso` for anything else Date.parse refuses.
 */
export function parseIsoTime(text: string): IsoTime {
  const m = YMD.exec(text)
  if (!m) return { ok: false, kind: 'not-iso', reason: 'is not ISO 8601' }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12) return { ok: false, kind: 'not-a-date', reason: `is not a date: there is no month ${m[2]}` }
  const days = daysIn(year, month)
  if (day < 1 || day > days) return { ok: false, kind: 'not-a-date', reason: `is not a date: ${MONTHS[month - 1]} ${m[1]} has ${days} days` }
  const t = Date.parse(text)
  return Number.isFinite(t) ? { ok: true, t } : { ok: false, kind: 'not-iso', reason: 'is not ISO 8601' }
}

/** A calendar date as YYYY-MM-DD that exists (a trades file's or a price catalog's date). */
export const IsoDateSchema = z.string().superRefine((s, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' })
  else {
    const r = parseIsoTime(s)
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason })
  }
})
