// The candle cache a worker writes and the engine reads: exact round trip (NaN blanks included),
// and a miss (null / not current) for anything that does not match: another size or mtime, another
// zone, a damaged or truncated entry.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { candleCacheFile, currentKey, isCandleCacheCurrent, readCandleCache, readCandleCacheSync, writeCandleCache } from '../../../../electron/engine/scanner/candle-cache.ts'
import { generateCandles } from '../../../../electron/engine/market/index.ts'
import { tempDir } from '../../../helpers/temp.ts'

function setup(count = 1000) {
  const dir = tempDir('gw-candle-cache-')
  const source = path.join(dir, 'X.csv')
  fs.writeFileSync(source, 'stand-in for the CSV file the worker parsed\n')
  const candles = generateCandles({ seed: 3, count, intervalMs: 60_000, startPrice: 1.2 })
  candles.volume.fill(NaN) // no volume column
  candles.high[7] = NaN // a blank cell
  const file = candleCacheFile(path.join(dir, 'cache'), source, 'Europe/Athens')
  const key = currentKey(source, 'Europe/Athens')!
  writeCandleCache(file, key, candles)
  return { dir, source, candles, file, key }
}

describe('candle cache', () => {
  it('reads back exactly what was written, asynchronously and synchronously', async () => {
    const { candles, file, key } = setup()
    const back = await readCandleCache(file, key)
    expect(back).not.toBeNull()
    for (const col of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(back![col])).toEqual(Array.from(candles[col]))
    expect(Number.isNaN(back!.high[7])).toBe(true)
    expect(readCandleCacheSync(file, key)!.close).toEqual(candles.close)
    expect(isCandleCacheCurrent(file, key)).toBe(true)
  })

  it('misses when the source file changed (size or mtime) or the zone differs', async () => {
    const { source, file, key } = setup()
    expect(await readCandleCache(file, { ...key, tz: null })).toBeNull()
    expect(isCandleCacheCurrent(file, { ...key, tz: '+02:00' })).toBe(false)
    fs.appendFileSync(source, 'one more line\n')
    const changed = currentKey(source, 'Europe/Athens')!
    expect(await readCandleCache(file, changed)).toBeNull()
    expect(isCandleCacheCurrent(file, changed)).toBe(false)
    // Same size, another mtime.
    const t = new Date(Date.now() - 3_600_000)
    fs.utimesSync(source, t, t)
    expect(readCandleCacheSync(file, currentKey(source, 'Europe/Athens')!)).toBeNull()
  })

  it('misses on a damaged, truncated or missing entry instead of throwing', async () => {
    const { dir, file, key } = setup()
    const bytes = fs.readFileSync(file)
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 8))
    expect(await readCandleCache(file, key)).toBeNull()
    expect(isCandleCacheCurrent(file, key)).toBe(false)
    fs.writeFileSync(file, Buffer.concat([Buffer.from('GWCC1\n'), Buffer.from([5, 0, 0, 0]), Buffer.from('{oops')]))
    expect(readCandleCacheSync(file, key)).toBeNull()
    expect(isCandleCacheCurrent(file, key)).toBe(false)
    fs.writeFileSync(file, 'timestamp,open,high,low,close\n')
    expect(await readCandleCache(file, key)).toBeNull()
    expect(await readCandleCache(path.join(dir, 'cache', 'none.candles'), key)).toBeNull()
    expect(isCandleCacheCurrent(file, null)).toBe(false)
  })

  it('names one entry per source path and zone', () => {
    expect(candleCacheFile('/c', '/a/X.csv', null)).toBe(candleCacheFile('/c', '/a/X.csv', null))
    expect(candleCacheFile('/c', '/a/X.csv', null)).not.toBe(candleCacheFile('/c', '/a/X.csv', 'Europe/Athens'))
    expect(candleCacheFile('/c', '/a/X.csv', null)).not.toBe(candleCacheFile('/c', '/a/Y.csv', null))
  })
})
