import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseDecimalBytes, parseDecimalText } from '../../../../electron/engine/market/numbers.ts'
import { importCsvFile, parseCsv } from '../../../../electron/engine/market/csv.ts'
import { createRng } from '../../../../electron/engine/market/generator.ts'

const enc = new TextEncoder()
const parse = (s: string, commaDecimal = false): number => {
  const b = enc.encode(s)
  return parseDecimalBytes(b, 0, b.length, commaDecimal)
}
const EURUSD = fileURLToPath(new URL('../../../../resources/data/eurusd_15m.csv', import.meta.url))

describe('parseDecimalBytes', () => {
  it('matches Number() on edge cases, including -0', () => {
    const cases = [
      '0', '-0', '+0', '0.0', '-0.0', '1', '-1', '+1.5', '.5', '5.', '0.1', '0.2', '0.3', '1.10427', '123456789012345',
      '9007199254740991', '9007199254740992', '9007199254740993', '18014398509481985', '0.30000000000000004',
      '1.7976931348623157e308', '5e-324', '2.2250738585072014e-308', '1e22', '1e23', '1.5E-3', '-2.5e+2',
      '0.000000000000000000001', '0.0000000000000000000001', '0.00000000000000000000001', '3.14159265358979323846264338327950288',
      '00001.5', '1.2345678901234567890123', '123456789.123456789',
    ]
    for (const c of cases) expect(Object.is(parse(c), Number(c)), c).toBe(true)
  })

  it('returns NaN for anything that is not a plain finite decimal', () => {
    for (const c of ['', '-', '+', '.', 'abc', '1.2.3', '1,5', '0x1f', 'Infinity', 'NaN', '1e', '1e+', '1e999', ' 1', '1 ', '--1', '1-']) {
      expect(Number.isNaN(parse(c)), JSON.stringify(c)).toBe(true)
    }
    expect(parseDecimalText('1e5')).toBe(100000)
    expect(Number.isNaN(parseDecimalText(''))).toBe(true)
  })

  it('accepts a decimal comma only when asked', () => {
    expect(parse('1,25', true)).toBe(1.25)
    expect(parse('-0,0001', true)).toBe(-0.0001)
    expect(parse('1,5e3', true)).toBe(1500)
    expect(Number.isNaN(parse('1,25'))).toBe(true)
  })

  it('=== Number(text) on 200,000 random decimals of every shape', () => {
    const rand = createRng(20240102)
    const digits = (n: number): string => {
      let s = ''
      for (let i = 0; i < n; i++) s += String(Math.floor(rand() * 10))
      return s
    }
    let checked = 0
    for (let i = 0; i < 200_000; i++) {
      const intLen = Math.floor(rand() * 12)
      const fracLen = Math.floor(rand() * (i % 10 === 0 ? 30 : 12))
      let s = (rand() < 0.2 ? '-' : '') + digits(intLen)
      if (fracLen > 0 || intLen === 0) s += '.' + digits(Math.max(fracLen, 1))
      if (i % 50 === 0) s += `e${Math.floor(rand() * 40) - 20}`
      const want = Number(s)
      const got = parse(s)
      if (!Object.is(got, want)) expect(got, s).toBe(want)
      checked++
    }
    // Prices as a feed writes them: the shortest text of a double
    for (let i = 0; i < 100_000; i++) {
      const x = rand() * 10 ** Math.floor(rand() * 8 - 3)
      const s = String(x)
      if (!Object.is(parse(s), x)) expect(parse(s), s).toBe(x)
      const r5 = x.toFixed(5)
      if (!Object.is(parse(r5), Number(r5))) expect(parse(r5), r5).toBe(Number(r5))
      checked++
    }
    expect(checked).toBe(300_000)
  })

  it('parseCsv keeps every cell of a random CSV exactly (fast path and fallbacks)', () => {
    const rand = createRng(7)
    const lines = ['timestamp,open,high,low,close,volume']
    const want: number[][] = []
    for (let i = 0; i < 20_000; i++) {
      const cells = [1, 2, 3, 4].map(() => (1 + rand() * 1000).toPrecision(1 + Math.floor(rand() * 20)))
      const sorted = cells.map(Number).sort((a, b) => a - b)
      const text = [cells[0], String(sorted[3]), String(sorted[0]), cells[1]]
      const vol = rand() < 0.5 ? String(Math.floor(rand() * 1e6)) : `${(rand() * 1e3).toExponential(8)}`
      lines.push(`${1704189600000 + i * 1000},${text.join(',')},${vol}`)
      want.push([...text.map(Number), Number(vol)])
    }
    const c = parseCsv(lines.join('\n'), { file: 'r.csv' }).candles
    for (let i = 0; i < want.length; i++) {
      const got = [c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]]
      if (!got.every((g, k) => Object.is(g, want[i][k]))) expect(got, lines[i + 1]).toEqual(want[i])
    }
  })
})

describe('the bundled EURUSD file', () => {
  it('has 24,424 candles whose every value === Number(cell text)', () => {
    const r = importCsvFile(EURUSD)
    expect(r.rows).toBe(24_424)
    expect(r.symbol).toBe('eurusd_15m')
    expect(r.format).toBe('generic')
    expect(r.blankCells).toBe(0)
    expect(r.outsideRangeRows).toBe(0)
    expect(r.intervalMs).toBe(900_000)
    const lines = readFileSync(EURUSD, 'utf8').trim().split('\n')
    expect(lines.length).toBe(24_425)
    const c = r.candles
    const cols = [c.time, c.open, c.high, c.low, c.close, c.volume]
    for (let i = 1; i < lines.length; i++) {
      const cells = lines[i].split(',')
      for (let k = 0; k < 6; k++) {
        if (cols[k][i - 1] !== Number(cells[k])) expect(cols[k][i - 1], `line ${i + 1} col ${k}`).toBe(Number(cells[k]))
      }
    }
    // first and last rows, spelled out
    expect([c.time[0], c.open[0], c.high[0], c.low[0], c.close[0], c.volume[0]]).toEqual([1665360000000, 0.97312, 0.97369, 0.97312, 0.97357, 60])
    const n = r.rows - 1
    expect([c.time[n], c.open[n], c.high[n], c.low[n], c.close[n], c.volume[n]]).toEqual([1696229100000, 1.05692, 1.05697, 1.05676, 1.05697, 105])
  })
})
