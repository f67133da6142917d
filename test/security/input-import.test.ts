// An import named like a demo symbol (EURUSD.csv) scanned the bundled file and listed the symbol
// twice. The import now takes the demo's place: one entry, the user's file, its own scans. And an
// import is all or nothing: a failure after parsing puts the imports folder back as it was.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { formatCandlesCsv, generateCandles } from '../../electron/engine/market/index.ts'
import type { WatchlistItem } from '../../shared/scanner.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { tempDir } from '../helpers/temp.ts'

let dataDir: string
let engine: Engine
const waitIdle = () =>
  expect.poll(async () => {
    const s = (await engine.call('poolStatus', {})) as { stats: { running: number; queued: number } }
    return s.stats.running + s.stats.queued
  }, { timeout: 60_000, interval: 100 }).toBe(0)
const watchlist = async () => (await engine.call('watchlist', {})) as WatchlistItem[]
const importDir = () => path.join(dataDir, 'imports')
/** The imports folder's files (not its hidden staging folder, where imports wait for their worker). */
const listing = () => (fs.existsSync(importDir()) ? fs.readdirSync(importDir()).filter((f) => !f.startsWith('.')).sort().map((f) => [f, fs.readFileSync(path.join(importDir(), f), 'utf8')]) : null)
const staged = () => (fs.existsSync(path.join(importDir(), '.uploads')) ? fs.readdirSync(path.join(importDir(), '.uploads')) : [])

/** 300 hourly candles: another timeframe and length than the demo's 24,424 on 15m. */
const hourly = formatCandlesCsv(generateCandles({ seed: 7, count: 300, intervalMs: 3_600_000, startPrice: 1.1, startTime: Date.UTC(2024, 0, 1) }))

beforeAll(async () => {
  dataDir = tempDir('gw-import-')
  engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  await engine.call('setSettings', { workers: 1 })
})
afterAll(async () => {
  await engine.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('importing a file named like a demo symbol', () => {
  it('replaces the demo entry: listed once, scanned from the imported file, with only its own scans', async () => {
    await engine.call('scanStart', { symbols: ['EURUSD'] })
    await waitIdle()
    const demo = (await watchlist()).filter((w) => w.symbol === 'EURUSD')
    expect(demo).toHaveLength(1)
    expect(demo[0].scans).toMatchObject([{ timeframe: '15m', candles: 24_424 }])

    const r = (await engine.call('importCsv', { name: 'EURUSD.csv', content: hourly })) as { symbol: string; rows: number; timeframe: string }
    expect(r).toMatchObject({ symbol: 'EURUSD', rows: 300, timeframe: '1h' })
    await waitIdle()
    const entries = engine.scanner.entries().filter((e) => e.symbol === 'EURUSD')
    expect(entries).toHaveLength(1)
    expect(entries[0].source).toEqual({ kind: 'file', path: path.join(importDir(), 'EURUSD.csv') })
    const list = await watchlist()
    expect(list.filter((w) => w.symbol === 'EURUSD')).toHaveLength(1)
    expect(list).toHaveLength(15)
    const eur = list.find((w) => w.symbol === 'EURUSD')!
    expect(eur).toMatchObject({ file: path.join(importDir(), 'EURUSD.csv'), timeframe: '1h', name: 'Imported from EURUSD.csv' })
    // The demo's 15m scan of the bundled file is not shown as this symbol's any more.
    expect(eur.scans).toMatchObject([{ timeframe: '1h', candles: 300 }])
    // Candles and a rescan come from the import too.
    const c = (await engine.call('candles', { symbol: 'EURUSD', limit: 1000 })) as { time: number[] }
    expect(c.time).toHaveLength(300)
  })
})

describe('an import that fails leaves nothing behind', () => {
  it('a scan that cannot be queued (disk full…): nothing is kept, not even the staged copy', async () => {
    const before = { files: listing(), list: await watchlist() }
    const spy = vi.spyOn(engine.scanner.runs, 'startRun').mockImplementation(() => {
      throw new Error('SQLITE_FULL: database or disk is full')
    })
    try {
      await expect(engine.call('importCsv', { name: 'NEWSYM.csv', content: hourly })).rejects.toThrow(/SQLITE_FULL/)
    } finally {
      spy.mockRestore()
    }
    expect({ files: listing(), list: await watchlist() }).toEqual(before)
    expect(staged()).toEqual([])
  })

  it('…and a replaced import whose move into place fails gets its previous file back', async () => {
    const before = { files: listing(), list: await watchlist() }
    expect(before.files!.map(([f]) => f)).toContain('EURUSD.csv')
    const final = path.join(importDir(), 'EURUSD.csv')
    const rename = fs.renameSync
    // The worker has validated and scanned the new file; moving it over the old one fails (EXDEV, EIO…).
    const spy = vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (to === final && String(from).includes('.uploads')) throw new Error('EIO: i/o error, rename')
      rename(from, to)
    })
    const other = formatCandlesCsv(generateCandles({ seed: 8, count: 50, intervalMs: 60_000, startPrice: 1.1, startTime: Date.UTC(2024, 0, 1) }))
    try {
      await expect(engine.call('importCsv', { name: 'EURUSD.csv', content: other })).rejects.toThrow(/EIO/)
    } finally {
      spy.mockRestore()
    }
    expect({ files: listing(), list: await watchlist() }).toEqual(before)
    expect(staged()).toEqual([])
  })

  it('a file that cannot be read or parsed changes nothing; the error names the file and line', async () => {
    const before = { files: listing(), list: await watchlist() }
    await expect(engine.call('importCsv', { name: 'BAD.csv', content: 'timestamp,open,high,low,close\n1700000000000,x,1,1,1\n' })).rejects.toThrow(/^BAD\.csv:2: /)
    const bad = path.join(dataDir, 'bad-upload.csv')
    fs.writeFileSync(bad, 'timestamp,open,high,low,close\n1700000000000,1,2,0.5,1\n1700000060000,1,0.2,0.5,1\n')
    // A file on disk is named as the user named it (not its staged copy), with the line.
    await expect(engine.importCsvFile('Bad.csv', bad)).rejects.toThrow(/^Bad\.csv:3: .*high/)
    await expect(engine.importCsvFile('DIR.csv', dataDir)).rejects.toThrow(/is a directory/)
    expect({ files: listing(), list: await watchlist() }).toEqual(before)
    expect(staged()).toEqual([])
  })
})
