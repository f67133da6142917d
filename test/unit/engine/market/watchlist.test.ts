import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import {
  BUNDLED_DATA_DIR, bundledDataPath, dataSourceSchema, defaultWatchlist, loadSource,
} from '../../../../electron/engine/market/watchlist.ts'
import type { DataSource } from '../../../../electron/engine/market/watchlist.ts'
import { CsvImportError } from '../../../../electron/engine/market/errors.ts'
import * as market from '../../../../electron/engine/market/index.ts'
import * as watchlist from '../../../../electron/engine/market/watchlist.ts'
import * as csv from '../../../../electron/engine/market/csv.ts'
import * as resampleModule from '../../../../electron/engine/market/resample.ts'
import * as generator from '../../../../electron/engine/market/generator.ts'
import { priceDecimals } from '../../../../shared/format.ts'

describe('defaultWatchlist', () => {
  const list = defaultWatchlist()

  it('has 15 distinct symbols on 15m, EURUSD from the bundled file', () => {
    expect(list.length).toBe(15)
    expect(new Set(list.map((e) => e.symbol)).size).toBe(15)
    for (const s of ['EURUSD', 'GBPUSD', 'USDJPY', 'XAUUSD', 'BTCUSD', 'ETHUSD']) expect(list.map((e) => e.symbol)).toContain(s)
    for (const e of list) {
      expect(e.timeframe).toBe('15m')
      expect(e.timeframeMs).toBe(900_000)
      expect(dataSourceSchema.parse(e.source)).toEqual(e.source)
    }
    const eur = list[0]
    expect(eur.symbol).toBe('EURUSD')
    expect(eur.source.kind).toBe('file')
    if (eur.source.kind === 'file') {
      expect(isAbsolute(eur.source.path)).toBe(true)
      expect(existsSync(eur.source.path)).toBe(true)
      expect(eur.source.path).toBe(bundledDataPath('eurusd_15m.csv'))
    }
    expect(list.slice(1).every((e) => e.source.kind === 'generated')).toBe(true)
    expect(existsSync(BUNDLED_DATA_DIR)).toBe(true)
  })

  it('is the same on every call (stable seeds) and JSON-serialisable', () => {
    expect(JSON.parse(JSON.stringify(defaultWatchlist()))).toEqual(list)
  })

  it('loads every source: EURUSD is the real file, the rest start near their start price', () => {
    for (const e of list) {
      const c = loadSource(e.source)
      expect(c.time.length, e.symbol).toBeGreaterThan(20_000)
      if (e.source.kind === 'generated') {
        expect(Math.abs(c.open[0] / e.source.startPrice - 1), e.symbol).toBeLessThan(0.01)
        expect(c.time[1] - c.time[0]).toBe(900_000)
      }
      for (let i = 0; i < c.time.length; i += 97) {
        expect(c.high[i] >= Math.max(c.open[i], c.close[i]) && c.low[i] <= Math.min(c.open[i], c.close[i]) && c.low[i] > 0, e.symbol).toBe(true)
      }
    }
    expect(loadSource(list[0].source).time.length).toBe(24_424)
  })

  it('loads a generated spec deterministically from JSON alone (as a pool worker would)', () => {
    const spec: DataSource = dataSourceSchema.parse(JSON.parse('{"kind":"generated","seed":7,"count":1000,"intervalMs":60000,"startPrice":100}'))
    const a = loadSource(spec)
    const b = loadSource(spec)
    expect(Array.from(a.close)).toEqual(Array.from(b.close))
    expect(a.time[1] - a.time[0]).toBe(60_000)
  })

  it('rejects bad specs and reports file errors', () => {
    expect(dataSourceSchema.safeParse({ kind: 'file' }).success).toBe(false)
    expect(dataSourceSchema.safeParse({ kind: 'generated', seed: 1, count: -1, intervalMs: 1, startPrice: 1 }).success).toBe(false)
    expect(dataSourceSchema.safeParse({ kind: 'db', path: 'x' }).success).toBe(false)
    expect(() => loadSource({ kind: 'file', path: '/nonexistent/x.csv' })).toThrow('/nonexistent/x.csv: no such file')
    expect(() => loadSource({ kind: 'file', path: bundledDataPath('../../package.json') })).toThrow(CsvImportError)
  })

  it('is re-exported from the module index', () => {
    // the watchlist's every export, the very same objects
    expect(market.defaultWatchlist).toBe(defaultWatchlist)
    expect(market.loadSource).toBe(loadSource)
    expect(market.dataSourceSchema).toBe(dataSourceSchema)
    expect(market.bundledDataPath).toBe(bundledDataPath)
    expect(market.BUNDLED_DATA_DIR).toBe(BUNDLED_DATA_DIR)
    expect(Object.keys(watchlist).filter((k) => !(k in market))).toEqual([])
    // and the rest of the market module, from the files that define it
    expect(market.parseCsv).toBe(csv.parseCsv)
    expect(market.resample).toBe(resampleModule.resample)
    expect(market.generateCandles).toBe(generator.generateCandles)
    expect(market.CsvImportError).toBe(CsvImportError)
  })
})

describe('demo prices a trader recognises', () => {
  it('starts each asset near its real level and stays in a plausible band over the whole series', () => {
    const near: Record<string, [number, number]> = { EURUSD: [0.9, 1.2], XAUUSD: [2200, 2600], BTCUSD: [55_000, 65_000], USDJPY: [140, 165], US500: [5000, 5800] }
    const list = defaultWatchlist()
    for (const [symbol, [lo, hi]] of Object.entries(near)) {
      const e = list.find((x) => x.symbol === symbol)!
      const first = loadSource(e.source).close[0]
      expect(first, symbol).toBeGreaterThanOrEqual(lo)
      expect(first, symbol).toBeLessThanOrEqual(hi)
    }
    for (const e of list) {
      if (e.source.kind !== 'generated') continue
      const c = loadSource(e.source).close
      let min = Infinity
      let max = -Infinity
      for (const v of c) {
        min = Math.min(min, v)
        max = Math.max(max, v)
      }
      // an FX pair moves tens of percent in a year at most; a crypto coin a few times
      expect(max / min, e.symbol).toBeLessThan(e.assetClass === 'crypto' ? 4 : 1.6)
      // the quoted decimals are the instrument's
      expect(priceDecimals(Array.from(c.subarray(0, 200))), e.symbol).toBe(e.source.decimals)
    }
  })
})
