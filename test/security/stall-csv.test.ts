// One uploaded CSV could freeze the engine thread: a long digit run followed by 'e' backtracked
// quadratically in the number regex (40k digits: 6.2 s; a 100 KB upload froze /api/health 24 s), a
// 60 MB digit cell was concatenated a character at a time (18–42 s, 2.4 GB), and a 60 MB first line
// of commas was split into 60 million header names (20 s, 1.7 GB). Number cells are now at most
// MAX_NUMBER_CELL_CHARS long, the regex is unambiguous and the first line at most MAX_CSV_COLUMNS wide.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../electron/engine/market/csv.ts'
import { CsvImportError } from '../../electron/engine/market/errors.ts'
import { splitLine } from '../../electron/engine/market/formats.ts'
import { parseDecimalBytes, parseDecimalText } from '../../electron/engine/market/numbers.ts'
import { MAX_CSV_COLUMNS, MAX_NUMBER_CELL_CHARS } from '../../shared/limits.ts'

const HEADER = 'time,open,high,low,close\n'

function errorOf(text: string | Uint8Array): CsvImportError {
  try {
    parseCsv(text, { file: 'evil.csv' })
  } catch (err) {
    if (err instanceof CsvImportError) return err
    throw err
  }
  throw new Error('parsed without an error')
}

const TOO_LONG = `is longer than ${MAX_NUMBER_CELL_CHARS} characters: no number or time needs that many`

describe('number cells', () => {
  it('a 200,000-digit run followed by "e" is refused at once, naming file, line and column', () => {
    // On the old regex this cell alone took ~100 s (quadratic backtracking): the test timed out.
    const e = errorOf(`${HEADER}1000000000,1${'1'.repeat(200_000)}e,1,1,1\n`)
    expect(e.message).toBe(`evil.csv:2: column "open": "${'1'.repeat(80)}…" ${TOO_LONG}`)
    expect(e.line).toBe(2)
    expect(e.column).toBe('open')
    expect(parseDecimalText(`${'1'.repeat(200_000)}e`)).toBeNaN()
  })

  it('a 20 MB digit cell (fraction, exponent, time) is refused without building its text', () => {
    const digits = '1'.repeat(20 * 1024 * 1024)
    for (const [row, column] of [
      [`1,${digits},1,1,1`, 'open'],
      [`1,1.${digits},1,1,1`, 'open'],
      [`1,1,1,1,1${digits}e-9`, 'close'],
      [`2024-01-01T00:00:00.${digits}Z,1,1,1,1`, 'time'],
    ] as const) {
      const e = errorOf(`${HEADER}${row}\n`)
      expect(e.column).toBe(column)
      expect(e.reason).toBe(TOO_LONG)
      expect(e.message.length).toBeLessThan(300)
    }
    // The number reader itself refuses past the bound, whatever its caller.
    const buf = Buffer.from(digits)
    expect(parseDecimalBytes(buf, 0, buf.length)).toBeNaN()
  })

  it('a cell of exactly the bound still parses, exactly as Number() reads it', () => {
    const cell = `1.${'0'.repeat(MAX_NUMBER_CELL_CHARS - 6)}1e+0`
    expect(cell.length).toBe(MAX_NUMBER_CELL_CHARS)
    const r = parseCsv(`${HEADER}1000000000,${cell},2,0.5,1.5\n`, { file: 'ok.csv' })
    expect(r.candles.open[0]).toBe(Number(cell))
    expect(parseDecimalBytes(Buffer.from('+1,25e2'), 0, 7, true)).toBe(125)
  })

  it('the unambiguous regex accepts exactly what the old one did (short strings)', () => {
    const OLD = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
    const chars = fc.constantFrom(...'0123456789.eE+- x')
    fc.assert(fc.property(fc.array(chars, { maxLength: 14 }).map((a) => a.join('')), (s) => {
      const v = parseDecimalText(s)
      if (OLD.test(s) && Number.isFinite(Number(s))) expect(v).toBe(Number(s))
      else expect(v).toBeNaN()
    }), { numRuns: 3000 })
    for (const s of ['1.', '.5', '1.e5', '+.5e-3', '-0', '007.50']) expect(parseDecimalText(s)).toBe(Number(s))
  })
})

describe('the first line', () => {
  it('of 20 million commas is refused naming line 1; splitting stops after MAX_CSV_COLUMNS + 1 cells', () => {
    const commas = ','.repeat(20_000_000)
    expect(splitLine(commas, ',', MAX_CSV_COLUMNS + 1)).toHaveLength(MAX_CSV_COLUMNS + 1)
    const e = errorOf(Buffer.from(`${commas}\n1,1,1,1,1\n`))
    expect(e.message).toBe(`evil.csv:1: the first line has more than ${MAX_CSV_COLUMNS} columns (candle files have 5 to 12)`)
    expect(e.line).toBe(1)
  })

  it('of exactly MAX_CSV_COLUMNS columns is read as before', () => {
    const extra = Array.from({ length: MAX_CSV_COLUMNS - 5 }, (_, i) => `x${i}`).join(',')
    const r = parseCsv(`${HEADER.trim()},${extra}\n1000000000,1,2,0.5,1.5\n`, { file: 'ok.csv' })
    expect(r.columns).toHaveLength(MAX_CSV_COLUMNS)
    expect(r.rows).toBe(1)
    expect(errorOf(`${HEADER.trim()},${extra},one-more\n1000000000,1,2,0.5,1.5\n`).line).toBe(1)
  })
})
