// The engine's scanner commands with real worker processes and a real SQLite file.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { detectFvgs, toZones, collectFvgEvents } from '../../../electron/engine/fvg/index.ts'
import { importCsvFile, bundledDataPath } from '../../../electron/engine/market/index.ts'
import { Replay } from '../../../electron/engine/scanner/replay.ts'
import type { FvgLiveEvent, JobInfo, WatchlistItem } from '../../../shared/scanner.ts'
import type { FvgZone } from '../../../shared/fvg.ts'
import { tempDir } from '../../helpers/serve.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

let engine: Engine
const jobs: JobInfo[] = []
const waitIdle = () =>
  expect.poll(async () => {
    const s = (await engine.call('poolStatus', {})) as { stats: { running: number; queued: number } }
    return s.stats.running + s.stats.queued
  }, { timeout: 60_000, interval: 200 }).toBe(0)

beforeAll(async () => {
  engine = new Engine({ dataDir: tempDir('gw-engine-scan-'), nvidiaSmi: NO_GPU })
  engine.on('poolJob', (j) => jobs.push(j))
  await engine.start()
})
afterAll(async () => {
  await engine.stop()
})

describe('engine scanner', () => {
  it('scans the 15-symbol demo watchlist on first run and stores the zones', async () => {
    await waitIdle()
    const list = (await engine.call('watchlist', {})) as WatchlistItem[]
    expect(list).toHaveLength(15)
    expect(list.every((w) => w.scans.length === 1 && w.scans[0].timeframe === '15m')).toBe(true)
    const eur = list.find((w) => w.symbol === 'EURUSD')!
    const c = importCsvFile(bundledDataPath('eurusd_15m.csv')).candles
    const expected = toZones(detectFvgs(c), c.time)
    expect(eur.scans[0]).toMatchObject({ candles: 24_424, fvgs: expected.length, openFvgs: expected.filter((z) => z.mitigatedIndex === null).length })
    const zones = (await engine.call('zones', { symbol: 'EURUSD', timeframe: '15m', limit: 100_000 })) as FvgZone[]
    expect(zones).toEqual(expected)
    // A chart window from candle 24,000: zones formed there or later, still open, or mitigated there or later.
    const visible = (await engine.call('zones', { symbol: 'EURUSD', timeframe: '15m', visibleFrom: 24_000, limit: 100_000 })) as FvgZone[]
    expect(visible).toEqual(expected.filter((z) => z.index >= 24_000 || z.mitigatedIndex === null || z.mitigatedIndex >= 24_000))
    expect(visible.some((z) => z.index < 24_000)).toBe(true)
    expect(new Set(jobs.filter((j) => j.state === 'done').map((j) => j.symbol)).size).toBe(15)
    // The run and its jobs are on record, with totals from the jobs.
    const [run] = engine.scanner.runs.runs(1)
    expect(run).toMatchObject({ kind: 'scan', jobs: 15, done: 15, failed: 0 })
    expect(run.finished_at).not.toBeNull()
    const recorded = engine.scanner.runs.jobs(run.id as number)
    expect(recorded).toHaveLength(15)
    expect(recorded.find((j) => j.symbol === 'EURUSD')).toMatchObject({ state: 'done', candles: 24_424, fvgs: expected.length, attempts: 1 })
  })

  it('re-scans idempotently and resamples on request', async () => {
    const { jobIds } = (await engine.call('scanStart', { symbols: ['EURUSD'], timeframe: '1h' })) as { jobIds: number[] }
    expect(jobIds).toHaveLength(1)
    await engine.call('scanStart', { symbols: ['EURUSD'], timeframe: '1h' })
    await waitIdle()
    const list = (await engine.call('watchlist', {})) as WatchlistItem[]
    const scans = list.find((w) => w.symbol === 'EURUSD')!.scans
    expect(scans.map((s) => s.timeframe).sort()).toEqual(['15m', '1h'])
    const h1 = (await engine.call('zones', { symbol: 'EURUSD', timeframe: '1h', limit: 100_000 })) as FvgZone[]
    expect(h1.length).toBe(scans.find((s) => s.timeframe === '1h')!.fvgs)
    await expect(engine.call('scanStart', { symbols: ['NOPE'] })).rejects.toThrow(/Not on the watchlist: NOPE/)
    const [run] = engine.scanner.runs.runs(1)
    expect(run).toMatchObject({ jobs: 1, done: 1 })
    await expect(engine.call('scanStart', { timeframe: 'soon' })).rejects.toThrow(/soon/)
    // A timeframe below the data's is refused at once, as `candles` refuses it: no job is queued
    // (it queued one per symbol, each failing "cannot resample" in a worker).
    const queued = engine.scanner.runs.runs(1)[0]
    await expect(engine.call('scanStart', { timeframe: '1s' })).rejects.toThrow(/cannot resample \w+'s 15m candles to 1s/)
    await expect(engine.call('scanStart', { timeframe: '20m' })).rejects.toThrow(/whole multiple of 15m/)
    // The chart's resampling is the same check (market/resample.ts), and names the symbol too.
    await expect(engine.call('candles', { symbol: 'EURUSD', timeframe: '20m', limit: 10 })).rejects.toThrow("cannot resample EURUSD's 15m candles to 20m: the target must be a whole multiple of 15m")
    expect(engine.scanner.runs.runs(1)[0]).toEqual(queued)
    await expect(engine.call('scanStart', { timeframe: '1000000000000d' })).rejects.toThrow(/too long a timeframe/)
  })

  it('imports a CSV: a bad one is refused with file and line and leaves nothing; a good one is scanned', async () => {
    await expect(engine.call('importCsv', { name: 'broken.csv', content: 'time,open,high,low,close\n2024-01-01T00:00:00Z,1,2,0.5,1\n2024-01-01T00:01:00Z,1,0.2,0.5,1\n' }))
      .rejects.toThrow(/broken\.csv:3: .*high/)
    expect(fs.existsSync(`${engine.dataDir}/imports/BROKEN.csv`)).toBe(false)
    const content = fs.readFileSync(bundledDataPath('eurusd_15m.csv'), 'utf8').split('\n').slice(0, 2001).join('\n')
    const r = (await engine.call('importCsv', { name: 'mine.csv', content })) as { symbol: string; rows: number; timeframe: string; jobId: number }
    expect(r).toMatchObject({ symbol: 'MINE', rows: 2000, timeframe: '15m' })
    await waitIdle()
    const list = (await engine.call('watchlist', {})) as WatchlistItem[]
    expect(list.find((w) => w.symbol === 'MINE')!.scans[0]).toMatchObject({ candles: 2000, timeframe: '15m' })
    const candles = (await engine.call('candles', { symbol: 'MINE', limit: 100 })) as { offset: number; time: number[] }
    expect(candles.offset).toBe(1900)
    expect(candles.time).toHaveLength(100)
  })

  it('records a failed job with its reason in the run history', async () => {
    const [id] = engine.scanner.scan([{ symbol: 'GONE', name: 'gone', assetClass: 'fx', timeframe: '15m', timeframeMs: 900_000, source: { kind: 'file', path: '/nonexistent/gone.csv' } }])
    await waitIdle()
    expect(jobs.find((j) => j.id === id && j.state === 'failed')?.error).toMatch(/gone\.csv/)
    const [run] = engine.scanner.runs.runs(1)
    expect(run).toMatchObject({ jobs: 1, done: 0, failed: 1 })
    expect(engine.scanner.runs.jobs(run.id as number)[0]).toMatchObject({ symbol: 'GONE', state: 'failed', error: expect.stringMatching(/gone\.csv/) })
  })

  it('applies a new worker count without a restart', async () => {
    await engine.call('setSettings', { workers: 2 })
    expect(((await engine.call('poolStatus', {})) as { stats: { size: number } }).stats.size).toBe(2)
    await engine.call('setSettings', { workers: 1 })
    expect(((await engine.call('poolStatus', {})) as { stats: { workers: unknown[] } }).stats.workers).toHaveLength(1)
  })

  it('replays a symbol live and emits fvg events', async () => {
    const events: FvgLiveEvent[] = []
    const off = engine.on('fvg', (e) => events.push(e))
    const status = (await engine.call('replayStart', { symbol: 'EURUSD', speed: 2000 })) as { total: number; running: boolean }
    expect(status).toMatchObject({ total: 24_424, running: true })
    await expect.poll(() => events.filter((e) => e.type === 'mitigated').length, { timeout: 5000 }).toBeGreaterThan(3)
    expect(await engine.call('replayStop', {})).toEqual({ stopped: true })
    off()
    expect(events.every((e) => e.symbol === 'EURUSD' && e.timeframe === '15m')).toBe(true)
  })
})

describe('Replay', () => {
  it('emits exactly the zones the batch kernel finds, in order', () => {
    const c = importCsvFile(bundledDataPath('eurusd_15m.csv')).candles
    const events: FvgLiveEvent[] = []
    const replay = new Replay({ symbol: 'EURUSD', timeframe: '15m', candles: c, speed: 1, options: { joinConsecutive: true }, emit: (e) => events.push(e) })
    for (let i = 0; i < c.time.length; i += 997) replay.advance(997)
    expect(replay.position).toBe(c.time.length)
    const zones = collectFvgEvents(events.map((e) => (e.type === 'mitigated'
      ? { type: 'mitigated' as const, index: e.zone.index, direction: e.zone.direction, mitigatedIndex: e.zone.mitigatedIndex!, mitigatedTime: e.zone.mitigatedTime!, zone: e.zone }
      : e.type === 'merged' ? { type: 'merged' as const, replaces: e.replaces!, zone: e.zone } : { type: 'created' as const, zone: e.zone })))
    expect(zones).toEqual(toZones(detectFvgs(c, { joinConsecutive: true }), c.time))
  })
})
