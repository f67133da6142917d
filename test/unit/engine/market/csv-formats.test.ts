import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { importCsvFile, parseCsv } from '../../../../electron/engine/market/csv.ts'

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/csv/${name}`, import.meta.url))
const iso = (s: string): number => Date.parse(s)
const arr = (a: Float64Array): number[] => Array.from(a)

describe('parseCsv: generic header', () => {
  it('reads epoch ms with a header, symbol from the file name', () => {
    const r = parseCsv('timestamp,open,high,low,close,volume\n1704189600000,1.1,1.2,1.0,1.15,10\n1704190500000,1.15,1.25,1.1,1.2,12\n', { file: 'data/EURUSD.csv' })
    expect(r.symbol).toBe('EURUSD')
    expect(r.format).toBe('generic')
    expect(r.delimiter).toBe(',')
    expect(r.rows).toBe(2)
    expect(arr(r.candles.time)).toEqual([1704189600000, 1704190500000])
    expect(arr(r.candles.open)).toEqual([1.1, 1.15])
    expect(arr(r.candles.high)).toEqual([1.2, 1.25])
    expect(arr(r.candles.low)).toEqual([1.0, 1.1])
    expect(arr(r.candles.close)).toEqual([1.15, 1.2])
    expect(arr(r.candles.volume)).toEqual([10, 12])
    expect(r.hasVolume).toBe(true)
    expect(r.intervalMs).toBe(900_000)
    expect(r.firstTime).toBe(1704189600000)
    expect(r.lastTime).toBe(1704190500000)
  })

  it('takes a given symbol, any column order and case, ignores extra columns, volume optional', () => {
    const r = parseCsv('CLOSE,Spread,Low,TIMESTAMP,High,Open\n1.15,3,1.0,1704189600000,1.2,1.1\n', { file: 'x.csv', symbol: 'EURUSD' })
    expect(r.symbol).toBe('EURUSD')
    expect(r.candles.open[0]).toBe(1.1)
    expect(r.candles.close[0]).toBe(1.15)
    expect(r.hasVolume).toBe(false)
    expect(Number.isNaN(r.candles.volume[0])).toBe(true)
    expect(r.ignoredColumns).toEqual(['Spread'])
  })

  it('reads epoch seconds (by magnitude), with a BOM and CRLF line ends', () => {
    const r = importCsvFile(fixture('bom_crlf_seconds.csv'))
    expect(r.symbol).toBe('bom_crlf_seconds')
    expect(r.columns[0]).toBe('timestamp')
    expect(arr(r.candles.time)).toEqual([1704189600000, 1704190500000])
    expect(arr(r.candles.volume)).toEqual([388, 255])
    expect(r.candles.close[1]).toBe(1.10441)
  })

  it('reads ISO 8601 with Z, without offset (UTC), with offsets and fractions, in a reordered header', () => {
    const r = importCsvFile(fixture('iso_reordered.csv'))
    expect(arr(r.candles.time)).toEqual([
      iso('2024-01-02T00:00:00Z'), iso('2024-01-02T01:00:00Z'), iso('2024-01-02T02:00:00Z'), iso('2024-01-02T02:30:00.500Z'),
    ])
    expect(arr(r.candles.open)).toEqual([1.05, 1.1, 1.15, 1.15])
    expect(arr(r.candles.high)).toEqual([1.2, 1.25, 1.3, 1.3])
  })

  it('reads a date-only ISO column as UTC midnight', () => {
    const r = parseCsv('date,open,high,low,close\n2024-02-28,1,2,0.5,1.5\n2024-02-29,1,2,0.5,1.5\n2024-03-01,1,2,0.5,1.5\n', { file: 'd.csv' })
    expect(arr(r.candles.time)).toEqual([iso('2024-02-28T00:00:00Z'), iso('2024-02-29T00:00:00Z'), iso('2024-03-01T00:00:00Z')])
    expect(r.intervalMs).toBe(86_400_000)
  })

  it('reads semicolons with decimal commas', () => {
    const r = importCsvFile(fixture('semicolon_decimal_comma.csv'))
    expect(r.delimiter).toBe(';')
    expect(arr(r.candles.open)).toEqual([4.521, 4.53])
    expect(arr(r.candles.close)).toEqual([4.53, 4.545])
    expect(arr(r.candles.time)).toEqual([iso('2024-01-02T09:00:00Z'), iso('2024-01-02T10:00:00Z')])
  })

  it('reads tab-separated generic files, quoted cells and lone-CR line ends', () => {
    const tab = parseCsv('time\topen\thigh\tlow\tclose\n1704189600000\t1\t2\t0.5\t1.5\n', { file: 't.tsv' })
    expect(tab.delimiter).toBe('\t')
    expect(tab.candles.high[0]).toBe(2)
    const quoted = parseCsv('"timestamp","open","high","low","close"\r"1704189600000","1.5","2","1"," 1.75 "\r', { file: 'q.csv' })
    expect(arr(quoted.candles.close)).toEqual([1.75])
    expect(quoted.candles.time[0]).toBe(1704189600000)
  })

  it('combines separate date and time columns', () => {
    const r = parseCsv('Date,Time,Open,High,Low,Close\n2024-01-02,13:45,1,2,0.5,1.5\n2024-01-02,14:00:30,1,2,0.5,1.5\n', { file: 'dt.csv' })
    expect(arr(r.candles.time)).toEqual([iso('2024-01-02T13:45:00Z'), iso('2024-01-02T14:00:30Z')])
  })

  it('grows its arrays when the first row is much longer than the rest', () => {
    const lines = ['timestamp,open,high,low,close,note', `1000000000000,1,2,0.5,1.5,${'x'.repeat(500)}`]
    for (let i = 1; i < 5000; i++) lines.push(`${1000000000000 + i * 60_000},1,2,0.5,1.5,`)
    const r = parseCsv(lines.join('\n'), { file: 'g.csv' })
    expect(r.rows).toBe(5000)
    expect(r.candles.time[4999]).toBe(1000000000000 + 4999 * 60_000)
    expect(r.candles.close.length).toBe(5000)
    expect(r.ignoredColumns).toEqual(['note'])
  })

  it('accepts a string input the same as bytes', () => {
    const text = 'timestamp,open,high,low,close\n1704189600000,1.1,1.2,1.0,1.15\n'
    const a = parseCsv(text, { file: 's.csv' })
    const b = parseCsv(new TextEncoder().encode(text), { file: 's.csv' })
    expect(arr(a.candles.close)).toEqual(arr(b.candles.close))
  })

  it('reads UTF-16LE files with a BOM', () => {
    const text = '\uFEFFtimestamp,open,high,low,close\n1704189600000,1.1,1.2,1.0,1.15\n'
    const bytes = new Uint8Array(text.length * 2)
    for (let i = 0; i < text.length; i++) {
      bytes[i * 2] = text.charCodeAt(i) & 0xff
      bytes[i * 2 + 1] = text.charCodeAt(i) >> 8
    }
    expect(parseCsv(bytes, { file: 'u16.csv' }).candles.close[0]).toBe(1.15)
  })
})

describe('parseCsv: MetaTrader 5', () => {
  it('reads the intraday export (tab, <DATE> + <TIME>), volume from <TICKVOL> when <VOL> is all zero', () => {
    const r = importCsvFile(fixture('mt5_eurusd_m15.csv'), { symbol: 'EURUSD' })
    expect(r.format).toBe('mt5')
    expect(r.delimiter).toBe('\t')
    expect(r.symbol).toBe('EURUSD')
    expect(r.rows).toBe(4)
    expect(arr(r.candles.time)).toEqual([0, 15, 30, 45].map((m) => iso('2024-01-02T00:00:00Z') + m * 60_000))
    expect(arr(r.candles.open)).toEqual([1.10427, 1.10425, 1.10441, 1.10409])
    expect(arr(r.candles.close)).toEqual([1.10425, 1.10441, 1.10409, 1.1038])
    expect(arr(r.candles.volume)).toEqual([388, 255, 301, 412])
    expect(r.ignoredColumns).toEqual(['<VOL>', '<SPREAD>'])
    expect(r.intervalMs).toBe(900_000)
  })

  it('reads the daily export without <TIME>', () => {
    const r = importCsvFile(fixture('mt5_xauusd_d1.csv'))
    expect(r.format).toBe('mt5')
    expect(arr(r.candles.time)).toEqual([iso('2024-01-02T00:00:00Z'), iso('2024-01-03T00:00:00Z'), iso('2024-01-04T00:00:00Z')])
    expect(arr(r.candles.high)).toEqual([2078.66, 2062.43, 2050.8])
    expect(arr(r.candles.volume)).toEqual([52341, 61200, 49877])
  })

  it('prefers <VOL> when it holds real volume', () => {
    const r = parseCsv('<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n2024.01.02\t15:30:00\t4700.25\t4710\t4699.5\t4705.75\t900\t1234\t1\n', { file: 'ES.csv' })
    expect(r.candles.volume[0]).toBe(1234)
  })
})

describe('parseCsv: Binance klines', () => {
  it('reads headerless 12-column files with millisecond open times', () => {
    const r = importCsvFile(fixture('binance_btcusdt_1h_2024.csv'))
    expect(r.format).toBe('binance')
    expect(r.columns[0]).toBe('open_time')
    expect(r.rows).toBe(3)
    expect(arr(r.candles.time)).toEqual([1704067200000, 1704070800000, 1704074400000])
    expect(arr(r.candles.open)).toEqual([42283.58, 42475.23, 42613.57])
    expect(arr(r.candles.volume)).toEqual([1271.68108, 1196.37856, 685.2114])
    expect(r.intervalMs).toBe(3_600_000)
  })

  it('converts microsecond open times (2025+ files) to ms', () => {
    const r = importCsvFile(fixture('binance_btcusdt_1h_2025_us.csv'))
    expect(r.format).toBe('binance')
    expect(arr(r.candles.time)).toEqual([iso('2025-01-01T00:00:00Z'), iso('2025-01-01T01:00:00Z')])
    expect(arr(r.candles.close)).toEqual([94401.14, 94558.99])
  })

  it('reads other headerless files as time, open, high, low, close[, volume]', () => {
    const r = parseCsv('2024-01-02T00:00:00Z,1,2,0.5,1.5,7\n2024-01-02T01:00:00Z,1,2,0.5,1.5,8\n', { file: 'h.csv' })
    expect(r.format).toBe('headerless')
    expect(arr(r.candles.volume)).toEqual([7, 8])
  })
})

describe('parseCsv: blank cells', () => {
  it('keeps blank price/volume cells as NaN and counts them per column', () => {
    const r = importCsvFile(fixture('blanks.csv'))
    expect(r.rows).toBe(4)
    expect(r.blankCells).toBe(4)
    expect(r.blankByColumn).toEqual({ open: 1, high: 1, low: 1, volume: 1 })
    expect(Number.isNaN(r.candles.open[1])).toBe(true)
    expect(Number.isNaN(r.candles.volume[1])).toBe(true)
    expect(Number.isNaN(r.candles.high[2])).toBe(true)
    expect(Number.isNaN(r.candles.low[2])).toBe(true)
    expect(r.candles.close[3]).toBe(1.25)
  })

  it('counts open/close outside [low, high] without rejecting the row', () => {
    const r = parseCsv('timestamp,open,high,low,close\n1,1.3,1.2,1.0,1.1\n2,1.1,1.2,1.0,0.9\n3,1.1,1.2,1.0,1.1\n', { file: 'o.csv' })
    expect(r.outsideRangeRows).toBe(2)
    expect(arr(r.candles.time)).toEqual([1000, 2000, 3000])
  })
})
