// Parse once, in the worker: an import, a chart open and a replay parse no CSV on the engine's
// thread. The CSV parser's exports are wrapped in counting spies here (this test process is the
// engine's thread; the pool workers are real child processes with the real parser), so any
// engine-side parse shows as a call. The chart reads the candle cache a worker wrote.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as csv from '../../../electron/engine/market/csv.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import { bundledDataPath, loadSource } from '../../../electron/engine/market/index.ts'
import { candleCacheFile, currentKey, isCandleCacheCurrent } from '../../../electron/engine/scanner/candle-cache.ts'
import type { CandlesResult, WatchlistItem } from '../../../shared/scanner.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

vi.mock('../../../electron/engine/market/csv.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof csv>()
  return { ...orig, parseCsv: vi.fn(orig.parseCsv), importCsvFile: vi.fn(orig.importCsvFile), parseRows: vi.fn(orig.parseRows) }
})

const engineParses = () => vi.mocked(csv.parseCsv).mock.calls.length + vi.mocked(csv.importCsvFile).mock.calls.length + vi.mocked(csv.parseRows).mock.calls.length
const eurusd = bundledDataPath('eurusd_15m.csv')
const head = (rows: number) => fs.readFileSync(eurusd, 'utf8').split('\n').slice(0, rows + 1).join('\n') + '\n'

let engine: Engine
let dataDir: string
const candles = async (symbol: string, limit = 20_000, timeframe?: string) => (await engine.call('candles', { symbol, limit, timeframe })) as CandlesResult
const watchItem = async (symbol: string) => ((await engine.call('watchlist', {})) as WatchlistItem[]).find((w) => w.symbol === symbol)!

beforeAll(async () => {
  dataDir = tempDir('gw-parse-once-')
  engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  await engine.call('setSettings', { workers: 1 })
})
afterAll(async () => {
  await engine.stop()
})

describe('no CSV is parsed on the engine thread', () => {
  it('the spies see an engine-side parse (the way the chart used to load a file)', () => {
    const before = engineParses()
    loadSource({ kind: 'file', path: eurusd })
    expect(engineParses()).toBe(before + 1)
  })

  it('import (text and file), chart open, resampled chart and replay: zero parses here; the chart reads what the worker parsed', async () => {
    const before = engineParses()
    const r = await engine.call('importCsv', { name: 'mine.csv', content: head(2000) })
    expect(r).toMatchObject({ symbol: 'MINE', rows: 2000, timeframe: '15m', format: expect.any(String), fvgs: expect.any(Number) })
    const picked = path.join(dataDir, 'picked.csv')
    fs.writeFileSync(picked, head(500))
    expect(await engine.importCsvFile('Picked.csv', picked)).toMatchObject({ symbol: 'PICKED', rows: 500 })
    // Parse once: the import's own worker left the chart's candles, keyed to the file in its final place.
    for (const sym of ['MINE', 'PICKED']) {
      const file = path.join(dataDir, 'imports', `${sym}.csv`)
      expect(isCandleCacheCurrent(candleCacheFile(engine.scanner.cacheDir, file, null), currentKey(file, null))).toBe(true)
    }
    const jobsBefore = engine.scanner.poolStatus().stats.done
    const mine = await candles('MINE')
    const hourly = await candles('MINE', 100, '1h')
    expect(engine.scanner.poolStatus().stats.done).toBe(jobsBefore) // no worker parsed the imports again for their charts
    const demo = await candles('EURUSD', 50) // the bundled file, never scanned in this engine: a worker parses it now
    const replay = await engine.call('replayStart', { symbol: 'EURUSD', speed: 1 })
    await engine.call('replayStop', {})
    expect(engineParses()).toBe(before)

    // What the worker parsed is what the file holds (checked with the real parser, after counting).
    const expected = csv.parseCsv(head(2000), { file: 'mine.csv' }).candles
    expect(mine.offset).toBe(0)
    expect(mine.time).toEqual(Array.from(expected.time))
    expect(mine.close).toEqual(Array.from(expected.close))
    expect(hourly.timeframe).toBe('1h')
    expect(hourly.time.length).toBe(100)
    const whole = loadSource({ kind: 'file', path: eurusd })
    expect(demo.time).toEqual(Array.from(whole.time.subarray(whole.time.length - 50)))
    expect(replay).toMatchObject({ symbol: 'EURUSD', total: whole.time.length })
    // The FVG alerts read the same candles synchronously, from what is now at hand.
    expect(engine.scanner.candlesAtHand('MINE', undefined, 10).time).toEqual(mine.time.slice(-10))
    // The picked file was copied into the imports folder; the original is untouched.
    expect(fs.readFileSync(path.join(dataDir, 'imports', 'PICKED.csv'), 'utf8')).toBe(head(500))
    expect(fs.existsSync(picked)).toBe(true)
  })

  it('a file changed after its scan is parsed again by a worker (the cache is keyed by size and mtime), not served stale', async () => {
    const file = path.join(dataDir, 'imports', 'MINE.csv')
    const cache = candleCacheFile(engine.scanner.cacheDir, file, null)
    expect(isCandleCacheCurrent(cache, currentKey(file, null))).toBe(true)
    fs.writeFileSync(file, head(1200))
    expect(isCandleCacheCurrent(cache, currentKey(file, null))).toBe(false)
    const before = engineParses()
    expect((await candles('MINE')).time).toHaveLength(1200)
    expect(engineParses()).toBe(before)
    expect(isCandleCacheCurrent(cache, currentKey(file, null))).toBe(true)
  })

  it('a chart of a file that has become invalid names its file and line, from the worker', async () => {
    const file = path.join(dataDir, 'imports', 'PICKED.csv')
    fs.appendFileSync(file, 'not,a,candle,row,at all\n')
    await expect(candles('PICKED')).rejects.toThrow(/PICKED\.csv:502/)
  })

  it('an import error names the file as given and its line, and imports nothing', async () => {
    const before = engineParses()
    const bad = `${head(10)}2022-10-10T03:00:00Z,1.0,0.5,0.9,1.0,0\n`
    await expect(engine.call('importCsv', { name: 'broken.csv', content: bad })).rejects.toThrow(/^broken\.csv:12: /)
    expect(fs.existsSync(path.join(dataDir, 'imports', 'BROKEN.csv'))).toBe(false)
    expect(await watchItem('BROKEN')).toBeUndefined()
    expect(engineParses()).toBe(before)
  })
})
