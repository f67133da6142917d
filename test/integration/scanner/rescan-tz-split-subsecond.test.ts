// Found in review, in the engine (desktop and `gapwatch serve`): an imported file's rescan, its
// candle cache current, is split into byte ranges like the CLI's, so the same 500 ms --tz file gives
// the same hour-early mitigation times there. The import (whole, writing the cache) is right; the
// rescan of the same file with the same options stores different zones.
import { afterAll, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { setRangeBytesForTests } from '../../../electron/engine/pool/split.ts'
import { generateCandles } from '../../../electron/engine/market/index.ts'
import type { WatchlistItem } from '../../../shared/scanner.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const ZONE = 'Europe/Athens'
function offsetMs(utc: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(new Date(utc)).find((p) => p.type === 'timeZoneName')!.value
  const m = /([+-])(\d\d):(\d\d)/.exec(name)!
  return (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000
}

let engine: Engine | undefined
// The range size set below stays for this file's process only (vitest runs each file in its own fork).
afterAll(async () => {
  await engine?.stop()
})

it('a rescan of an imported 500 ms --tz file across the autumn change stores the zones its import stored', async () => {
  const c = generateCandles({ seed: 3, count: 20_000, intervalMs: 60_000, startPrice: 100 })
  const t0 = Date.UTC(2026, 9, 25, 0, 0, 0)
  const lines = ['time,open,high,low,close,volume']
  for (let i = 0; i < c.time.length; i++) {
    const utc = t0 + i * 500
    lines.push(`${new Date(utc + offsetMs(utc)).toISOString().replace('T', ' ').replace('Z', '')},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]}`)
  }
  const dir = tempDir('gw-review-engine-dst-')
  setRangeBytesForTests(150_607) // as the CLI test: a cut 5,000 rows into the repeated hour's second pass (before the pool is made)
  engine = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  await engine.call('setSettings', { workers: 2 })
  await engine.call('importCsv', { name: 'TICKS.csv', content: lines.join('\n') + '\n', tz: ZONE })
  const item = ((await engine.call('watchlist', {})) as WatchlistItem[]).find((w) => w.symbol === 'TICKS')!
  const timeframe = item.scans[0].timeframe
  const zones = async () => JSON.stringify(await engine!.call('zones', { symbol: 'TICKS', timeframe, limit: 100_000 }))
  const imported = await zones()
  expect(imported.length).toBeGreaterThan(1000)
  const { jobIds } = (await engine.call('scanStart', { symbols: ['TICKS'] })) as { jobIds: number[] }
  expect(jobIds.length).toBe(1)
  await expect.poll(async () => {
    const s = (await engine!.call('poolStatus', {})) as { stats: { running: number; queued: number } }
    return s.stats.running + s.stats.queued
  }, { timeout: 60_000, interval: 100 }).toBe(0)
  // Before the fix: the rescan's zones whose mitigation falls in the range after the cut are mitigated an hour
  // early (before the zone itself), as in the CLI.
  type Zone = { index: number; time: number; mitigatedTime: number | null }
  const early = (JSON.parse(await zones()) as Zone[]).filter((z) => z.mitigatedTime !== null && z.mitigatedTime < z.time).map((z) => z.index)
  expect(early).toEqual([])
  expect(await zones()).toBe(imported)
}, 120_000)
