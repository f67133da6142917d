// What a hostile CSV can do to an error message and to the time axis: a 50 MB cell produced a 52 MB
// error line, raw ANSI escapes reached the terminal, and any time from year -271821 to 275760 was
// accepted. Messages now quote at most ~80 characters of a cell with control characters escaped, and
// times outside 1970–2200 are refused naming the line and the value.
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../electron/engine/market/csv.ts'
import { CsvImportError, clipCell, quoteCell } from '../../electron/engine/market/errors.ts'

function errorOf(text: string): CsvImportError {
  try {
    parseCsv(text, { file: 'evil.csv' })
  } catch (err) {
    if (err instanceof CsvImportError) return err
    throw err
  }
  throw new Error('expected a CsvImportError')
}

const HEADER = 'timestamp,open,high,low,close\n'

describe('quoteCell', () => {
  it('clips to 80 characters with an ellipsis and escapes C0, DEL, C1 and bidi controls', () => {
    expect(quoteCell('abc')).toBe('"abc"')
    expect(quoteCell('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`)
    expect(quoteCell('x'.repeat(81))).toBe(`"${'x'.repeat(80)}…"`)
    expect(quoteCell('\x1b[2J\x00\t\x7f\u009b\u202e\u2028end')).toBe('"\\x1b[2J\\x00\\x09\\x7f\\x9b\\u202e\\u2028end"')
    // Counted in characters, not UTF-16 units: an emoji is not cut in half.
    expect(clipCell('😀'.repeat(81))).toBe(`${'😀'.repeat(80)}…`)
    expect(clipCell('\ud800x')).toBe('\\ud800x')
  })
})

describe('CSV error messages', () => {
  it('a 10 MB cell gives a short message quoting its first 80 characters', () => {
    const big = 'A'.repeat(10 * 1024 * 1024)
    const e = errorOf(`${HEADER}1700000000000,${big},2,0.5,1.5\n`)
    expect(e.message).toBe(`evil.csv:2: column "open": "${'A'.repeat(80)}…" is longer than 64 characters: no number or time needs that many`)
    expect(e.value!.length).toBeLessThan(400)
  })

  it('a 10 MB quoted cell, and a long low quoted by the high-below-low message, stay short', () => {
    const big = '9'.repeat(10 * 1024 * 1024)
    expect(errorOf(`${HEADER}1700000000000,"${big}x",2,0.5,1.5\n`).message).toBe(`evil.csv:2: column "open": "${'9'.repeat(80)}…" is longer than 64 characters: no number or time needs that many`)
    // A number cell is at most 64 characters now (MAX_NUMBER_CELL_CHARS), so the quoted low is whole.
    const low = `0.6${'0'.repeat(61)}`
    const e = errorOf(`${HEADER}1700000000000,1,0.5,${low},1.5\n`)
    expect(e.message).toBe(`evil.csv:2: column "high": "0.5" is below low "${low}"`)
  })

  it('a 10 MB header name, a header of 250 columns and one of 100,000 give short messages', () => {
    const big = 'h'.repeat(10 * 1024 * 1024)
    const e = errorOf(`timestamp,open,high,low,${big}\n1700000000000,1,2,0.5,1.5\n`)
    expect(e.message).toBe(`evil.csv:1: column "close": missing from the header (found: timestamp, open, high, low, ${'h'.repeat(80)}…)`)
    const many = Array.from({ length: 250 }, (_, i) => `c${i}`).join(',')
    const m = errorOf(`timestamp,open,high,low,${many}\n1\n`).message
    expect(m).toMatch(/^evil\.csv:1: column "close": missing from the header \(found: timestamp, open, high, low, c0, c1, .*, c7, … \(242 more\)\)$/)
    expect(m.length).toBeLessThan(300)
    const tooMany = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')
    expect(errorOf(`timestamp,open,high,low,${tooMany}\n1\n`).message).toBe('evil.csv:1: the first line has more than 256 columns (candle files have 5 to 12)')
  })

  it('escapes terminal control sequences in cells, header names and the file name', () => {
    const e = errorOf(`${HEADER}1700000000000,\x1b[2J\x1b]0;pwned\x07,2,0.5,1.5\n`)
    expect(e.message).toBe('evil.csv:2: column "open": "\\x1b[2J\\x1b]0;pwned\\x07" is not a number')
    expect([...e.message].some((ch) => ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f))).toBe(false)
    const h = errorOf('timestamp,open,high,low,\u009b2J\n1,1,1,1,1\n')
    expect(h.message).toContain('found: timestamp, open, high, low, \\x9b2J')
    const f = new CsvImportError('a\x1b[2J.csv', 1, null, null, 'the file is empty')
    expect(f.message).toBe('a\\x1b[2J.csv:1: the file is empty')
  })
})

describe('header names that are Object.prototype members', () => {
  // Found by property-csv.test.ts: a column named "__proto__" or "constructor" looked its role up on
  // an object literal and got Object.prototype's members (a nonsense message, then a TypeError).
  it('are just ignored columns', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(errorOf(name).message).toBe(`evil.csv:1: column "timestamp": missing from the header (found: ${name})`)
      const r = parseCsv(`timestamp,open,high,low,close,${name}\n1700000000000,1,2,0.5,1.5\n`, { file: 'ok.csv' })
      expect(r.ignoredColumns).toEqual([name])
    }
  })
})

describe('candle times outside 1970–2200', () => {
  const row = (t: string) => `${t},1,2,0.5,1.5\n`
  const refused = (text: string, line: number, column: string, value: string) => {
    const e = errorOf(text)
    expect({ line: e.line, column: e.column, value: e.value }).toEqual({ line, column, value })
    expect(e.reason).toMatch(/^is not between 1970 and 2200 \(read as .+\)$/)
  }

  it('epoch seconds, ms, µs and ns beyond 2200 or before 1970 are refused with line and value', () => {
    refused(HEADER + row('1700000000000') + row('17000000000000'), 3, 'timestamp', '17000000000000') // ms, a digit too many: 2508
    refused(HEADER + row('7258118400'), 2, 'timestamp', '7258118400') // s: 2200-01-01
    refused(HEADER + row('99999999999'), 2, 'timestamp', '99999999999') // s: 5138
    refused(HEADER + row('-1'), 2, 'timestamp', '-1') // s: 1969-12-31T23:59:59Z
    refused(HEADER + row('-1700000000000'), 2, 'timestamp', '-1700000000000') // ms: 1916
    refused(HEADER + row('10000000000000000'), 2, 'timestamp', '10000000000000000') // µs: 2286
    refused(HEADER + row('9000000000000000000'), 2, 'timestamp', '9000000000000000000') // ns: 2255
    refused(HEADER + row('1e300'), 2, 'timestamp', '1e300')
    expect(errorOf(HEADER + row('7258118400')).message).toBe('evil.csv:2: column "timestamp": "7258118400" is not between 1970 and 2200 (read as 2200-01-01T00:00:00.000Z)')
    expect(errorOf(HEADER + row('1e300')).reason).toBe('is not between 1970 and 2200 (read as 1e+294 ms after 1970)')
  })

  it('ISO 8601 and MetaTrader dates outside the range are refused; the edges inside are kept', () => {
    refused(HEADER + row('1969-12-31T23:59:59Z'), 2, 'timestamp', '1969-12-31T23:59:59Z')
    refused(HEADER + row('2200-01-01T00:00:00Z'), 2, 'timestamp', '2200-01-01T00:00:00Z')
    refused(HEADER + row('1970-01-01T00:30:00+01:00'), 2, 'timestamp', '1970-01-01T00:30:00+01:00')
    refused('<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\n2200.01.01\t00:00:00\t1\t2\t0.5\t1.5\n', 2, '<DATE>', '2200.01.01')
    refused('<DATE>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\n1969.12.31\t1\t2\t0.5\t1.5\n', 2, '<DATE>', '1969.12.31')
    const ok = parseCsv(HEADER + row('1970-01-01T00:00:00Z') + row('2199-12-31T23:59:59.999Z'), { file: 'edges.csv' })
    expect(Array.from(ok.candles.time)).toEqual([0, Date.UTC(2200, 0, 1) - 1])
    const mt5 = parseCsv('<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\n2199.12.31\t23:59:00\t1\t2\t0.5\t1.5\n', { file: 'mt5.csv' })
    expect(mt5.candles.time[0]).toBe(Date.UTC(2199, 11, 31, 23, 59))
  })
})
