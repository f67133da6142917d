// Broker time as an import option remembered per symbol: an import with a zone reads the file's
// wall-clock times in it, the engine stores the zone, the watchlist shows it, and the symbol's next
// import, rescan and chart use it unless told otherwise (null = UTC again). Over the API (the
// engine's contract) and the HTTP upload (?tz=).
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { candleCacheFile } from '../../../electron/engine/scanner/candle-cache.ts'
import { Engine } from '../../../electron/engine/engine.ts'
import type { CommandResult } from '../../../shared/contract.ts'
import type { CandlesResult, WatchlistItem } from '../../../shared/scanner.ts'
import { ImportCsvResultSchema } from '../../../shared/scanner.ts'
import { tempDir } from '../../helpers/temp.ts'
import { startServe, type Served } from '../../helpers/serve.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const HOUR = 3_600_000
/** 48 hourly candles from 2024-01-15 00:00 wall-clock time (no zone in the file, as MetaTrader writes them). */
const WALL = ['time,open,high,low,close']
  .concat(Array.from({ length: 48 }, (_, i) => {
    const d = new Date(Date.UTC(2024, 0, 15) + i * HOUR).toISOString().slice(0, 19).replace('T', ' ')
    const p = 1.1 + (i % 7) * 0.001
    return `${d},${p},${p + 0.002},${p - 0.002},${p + 0.001}`
  }))
  .join('\n')
const WALL_START = Date.UTC(2024, 0, 15)

let engine: Engine
type Imported = CommandResult<'importCsv'>
const item = async (symbol: string) => ((await engine.call('watchlist', {})) as WatchlistItem[]).find((w) => w.symbol === symbol)!
const firstTime = async (symbol: string) => ((await engine.call('candles', { symbol, limit: 48 })) as CandlesResult).time[0]
const waitIdle = () =>
  expect.poll(async () => {
    const s = (await engine.call('poolStatus', {})) as { stats: { running: number; queued: number } }
    return s.stats.running + s.stats.queued
  }, { timeout: 60_000, interval: 100 }).toBe(0)

describe('import time zone (API)', () => {
  beforeAll(async () => {
    engine = new Engine({ dataDir: tempDir('gw-import-tz-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    await engine.call('setSettings', { workers: 1 })
  })
  afterAll(async () => {
    await engine.stop()
  })

  it('reads wall-clock times in the given zone, remembers it and shows it', async () => {
    const r = await engine.call('importCsv', { name: 'BROKER.csv', content: WALL, tz: 'Europe/Athens' })
    expect(r).toMatchObject({ symbol: 'BROKER', rows: 48, timeframe: '1h', tz: 'Europe/Athens' })
    expect(await firstTime('BROKER')).toBe(WALL_START - 2 * HOUR) // Athens is UTC+2 in January
    expect(await item('BROKER')).toMatchObject({ tz: 'Europe/Athens', scans: [{ firstTime: WALL_START - 2 * HOUR }] })
  })

  it('a rescan and the next import of the symbol use the remembered zone', async () => {
    await engine.call('scanStart', { symbols: ['BROKER'], timeframe: '4h' })
    await waitIdle()
    expect((await item('BROKER')).scans.find((s) => s.timeframe === '4h')).toMatchObject({ firstTime: WALL_START - 4 * HOUR })
    const again = (await engine.call('importCsv', { name: 'broker.csv', content: WALL })) as Imported
    expect(again.tz).toBe('Europe/Athens')
    expect(await firstTime('BROKER')).toBe(WALL_START - 2 * HOUR)
  })

  it('a fixed offset replaces it (dropping the cache read in the old zone); null reads UTC again and forgets it', async () => {
    const file = path.join(engine.dataDir, 'imports', 'BROKER.csv')
    const athens = candleCacheFile(engine.scanner.cacheDir, file, 'Europe/Athens')
    expect(fs.existsSync(athens)).toBe(true)
    expect(((await engine.call('importCsv', { name: 'BROKER.csv', content: WALL, tz: '+03:00' })) as Imported).tz).toBe('+03:00')
    expect(await firstTime('BROKER')).toBe(WALL_START - 3 * HOUR)
    expect(fs.existsSync(athens)).toBe(false)
    expect(((await engine.call('importCsv', { name: 'BROKER.csv', content: WALL, tz: null })) as Imported).tz).toBeNull()
    expect(await firstTime('BROKER')).toBe(WALL_START)
    expect((await item('BROKER')).tz).toBeNull()
  })

  it('refuses a zone that is neither IANA nor an offset, naming it, and changes nothing', async () => {
    const before = await item('BROKER')
    await expect(engine.call('importCsv', { name: 'BROKER.csv', content: WALL, tz: 'Mars/Olympus' })).rejects.toThrow(/"Mars\/Olympus" is not an IANA time zone/)
    expect(await item('BROKER')).toEqual(before)
  })

  it('a zone on a file whose times carry their own (epoch ms) is refused with the file and line', async () => {
    const epoch = `timestamp,open,high,low,close\n${Date.UTC(2024, 0, 1)},1,2,0.5,1\n`
    await expect(engine.call('importCsv', { name: 'EPOCH.csv', content: epoch, tz: 'Europe/Athens' })).rejects.toThrow(/^EPOCH\.csv:2/)
  })
})

describe('import time zone (HTTP upload)', () => {
  let served: Served
  beforeAll(async () => {
    served = await startServe(['--interval', '1s'])
  })
  afterAll(async () => {
    await served.stop()
  })
  const upload = (query: string) => fetch(`${served.url}/api/import?name=UP.csv${query}`, { method: 'POST', body: WALL })

  it('?tz= sets, remembers and (empty) clears the zone; a bad zone is 400 naming it', async () => {
    const set = await upload('&tz=America%2FNew_York')
    expect(set.status).toBe(200)
    expect(ImportCsvResultSchema.parse(await set.json())).toMatchObject({ symbol: 'UP', tz: 'America/New_York' })
    const kept = await upload('')
    expect(ImportCsvResultSchema.parse(await kept.json()).tz).toBe('America/New_York')
    const cleared = await upload('&tz=')
    expect(ImportCsvResultSchema.parse(await cleared.json()).tz).toBeNull()
    const bad = await upload('&tz=Nowhere%2FLand')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toMatch(/"Nowhere\/Land" is not an IANA time zone/)
  })
})
