// Daily trade counts as "date,trades" text, shared by `gapwatch cost --trades-csv` and Settings → Cost:
// a header and blank lines are fine, every bad line is named by number, and the text round-trips.
import { describe, expect, it } from 'vitest'
import { describeTradesErrors, formatTradesCsv, parseTradesCsv } from '../../../shared/trades-csv.ts'

describe('parseTradesCsv', () => {
  it('reads date,count lines with an optional header, CRLF and blank lines', () => {
    expect(parseTradesCsv('date,trades\r\n2026-11-30, 95\r\n\r\n2026-12-01,0\r\n')).toEqual({ ok: true, trades: [{ date: '2026-11-30', count: 95 }, { date: '2026-12-01', count: 0 }] })
  })
  it('names each bad line: not a date, not a whole count, a negative, extra cells, a repeated day', () => {
    const r = parseTradesCsv('2026-11-30,95\n30/11/2026,4\n2026-12-01,2.5\n2026-12-02,-1\n2026-12-03,4,5\n2026-11-30,7\n2026-02-31,1')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]) // the first five
    expect(r.errors[4].message).toBe('2026-11-30 is already on line 1.')
    expect(describeTradesErrors(r.errors.slice(0, 1))).toBe('line 2: expected "YYYY-MM-DD,count" with a whole count ≥ 0, got "30/11/2026,4".')
  })
  it('refuses an impossible date and text with no counts', () => {
    expect(parseTradesCsv('2026-13-01,5')).toMatchObject({ ok: false, errors: [{ line: 1 }] })
    expect(parseTradesCsv('2026-11-30,5\n2026-02-30,5')).toMatchObject({ ok: false, errors: [{ line: 2 }] })
    expect(parseTradesCsv('2028-02-29,5')).toEqual({ ok: true, trades: [{ date: '2028-02-29', count: 5 }] })
    expect(parseTradesCsv('date,trades\n\n')).toEqual({ ok: false, errors: [{ line: 1, message: 'no "date,count" lines.' }] })
  })
  it('round-trips through formatTradesCsv; a single number has no lines', () => {
    const trades = [{ date: '2026-11-30', count: 95 }, { date: '2026-12-01', count: 102 }]
    expect(parseTradesCsv(formatTradesCsv(trades))).toEqual({ ok: true, trades })
    expect(formatTradesCsv(40)).toBe('')
    expect(formatTradesCsv(null)).toBe('')
  })
})
