// One ISO 8601 parser for the CLI's times, /api/report and history CSV (F4): V8's Date.parse moved
// 2026-02-30 to 2 March; an impossible day is now refused, saying so, and real dates still parse as before.
import { describe, expect, it } from 'vitest'
import { IsoDateSchema, parseIsoTime } from '../../../shared/iso-time.ts'
import { DailyTradesSchema } from '../../../shared/cost.ts'
import { parseTimeArg } from '../../../electron/cli/time-arg.ts'
import { reportTimeParam } from '../../../electron/server/report-route.ts'

describe('parseIsoTime', () => {
  it.each([
    ['2026-02-30', 'February 2026 has 28 days'],
    ['2026-02-29T00:00:00Z', 'February 2026 has 28 days'],
    ['2026-04-31 08:00', 'April 2026 has 30 days'],
    ['2026-06-00', 'June 2026 has 30 days'],
    ['2026-13-01', 'there is no month 13'],
  ])('refuses %s: %s', (text, why) => {
    expect(parseIsoTime(text)).toEqual({ ok: false, kind: 'not-a-date', reason: `is not a date: ${why}` })
  })

  it('reads real dates as Date.parse does (a bare date is UTC), leap days included', () => {
    for (const text of ['2028-02-29', '2000-02-29T12:00:00Z', '2026-01-31T23:59:59.999+02:00', '2026-12-31', '2026-03-01 08:00', '2026-03-01t08:00Z'])
      expect(parseIsoTime(text)).toEqual({ ok: true, t: Date.parse(text) })
    expect(parseIsoTime('1900-02-29')).toMatchObject({ ok: false, kind: 'not-a-date', reason: 'is not a date: February 1900 has 28 days' })
    expect(parseIsoTime('0048-02-29')).toMatchObject({ ok: true })
  })

  it('refuses what is not ISO 8601', () => {
    for (const text of ['yesterday', '2026-02-28T99:99', '26-02-01', '']) expect(parseIsoTime(text)).toEqual({ ok: false, kind: 'not-iso', reason: 'is not ISO 8601' })
  })
})

describe('its callers', () => {
  it('the CLI: --to 2026-02-30 is refused naming the option, not read as 2 March', () => {
    expect(() => parseTimeArg('--to', '2026-02-30')).toThrow('--to: "2026-02-30" is not a date: February 2026 has 28 days.')
    expect(parseTimeArg('--to', '2026-03-02')).toBe(Date.UTC(2026, 2, 2))
    expect(() => parseTimeArg('--from', '2026-02-31T99:99')).toThrow(/is not a date|is not a time/)
    expect(() => parseTimeArg('--from', 'tomorrow')).toThrow(/"tomorrow" is not a time \(ISO 8601/)
  })

  it('/api/report: from=2026-02-30 is a 400 about that date, not about 2 March', () => {
    expect(reportTimeParam('from', '2026-02-30')).toBe('from: "2026-02-30" is not a date: February 2026 has 28 days.')
    expect(reportTimeParam('to', '2026-02-27')).toBe(Date.UTC(2026, 1, 27))
    expect(reportTimeParam('to', '1772409600000')).toBe(1772409600000)
    expect(reportTimeParam('to', 'soon')).toBe('to: "soon" is not epoch ms or an ISO 8601 time.')
  })
})

describe('IsoDateSchema (trades and price catalog dates)', () => {
  it('refuses a day its month does not have, with the reason', () => {
    const r = DailyTradesSchema.safeParse({ date: '2026-02-30', count: 1 })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]).toMatchObject({ path: ['date'], message: 'is not a date: February 2026 has 28 days' })
    expect(IsoDateSchema.safeParse('30/11/2026').error?.issues[0].message).toBe('must be a date YYYY-MM-DD')
    expect(IsoDateSchema.safeParse('2026-12-31').success).toBe(true)
  })
})
