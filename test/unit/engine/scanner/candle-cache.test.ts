// The candle cache a worker writes and the engine reads: exact round trip (NaN blanks included),
// and a miss (null / not current) for anything that does not match: another size or mtime, another
// zone, a damaged or truncated entry.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { execFileSync } from 'node:child_process'
import { candleCacheFile, currentKey, isCandleCacheCurrent, readCandleCache, readCandleCacheSync, writeCandleCache } from '../../../../electron/engine/scanner/candle-cache.ts'
import { generateCandles } from '../../../../electron/engine/market/index.ts'
import { tempDir } from '../../../helpers/temp.ts'

function setup(count = 1000) {
  const dir = tempDir('gw-candle-cache-')
  const source = path.join(dir, 'X.csv')
  const candles = generateCandles({ seed: 3, count, intervalMs: 60_000, startPrice: 1.2 })
  // The CSV file the worker parsed (its size bounds the candles an entry may claim).
  const rows = Array.from(candles.time, (t, i) => `${t},${candles.open[i]},${candles.high[i]},${candles.low[i]},${candles.close[i]}`)
  fs.writeFileSync(source, `timestamp,open,high,low,close\n${rows.join('\n')}\n`)
  candles.volume.fill(NaN) // no volume column
  candles.high[7] = NaN // a blank cell
  const file = candleCacheFile(path.join(dir, 'cache'), source, 'Europe/Athens')
  const key = currentKey(source, 'Europe/Athens')!
  writeCandleCache(file, key, candles)
  return { dir, source, candles, file, key }
}

/**
 * Stands in for the global ArrayBuffer while a read runs: records every size asked for and refuses
 * (RangeError, as a failed allocation) any over 1 MiB, so a test sees an allocation a lying entry
 * asked for without the machine making it.
 */
function recordAllocations(): number[] {
  const sizes: number[] = []
  const Real = globalThis.ArrayBuffer
  vi.stubGlobal(
    'ArrayBuffer',
    new Proxy(Real, {
      construct(target, args: [number]) {
        sizes.push(Number(args[0]))
        if (Number(args[0]) > 1024 * 1024) throw new RangeError('test: refused a large allocation')
        return new target(...args)
      },
    }),
  )
  return sizes
}

afterEach(() => {
  vi.unstubAllGlobals()
})

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

  it('never creates the folders above its own: a data directory removed meanwhile stays removed', () => {
    const { dir, source, candles, key } = setup()
    const removed = path.join(dir, 'removed-data-dir')
    expect(() => writeCandleCache(candleCacheFile(path.join(removed, 'cache'), source, null), key, candles)).toThrow(/ENOENT/)
    expect(fs.existsSync(removed)).toBe(false)
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

  it('never allocates for what a lying entry claims: a file longer than its header says, a huge header length, n past the source', async () => {
    const { file, key } = setup(100)
    const real = fs.readFileSync(file)
    // A valid entry whose file was grown (sparse) by 64 MiB: the header no longer accounts for it.
    fs.truncateSync(file, real.length + 64 * 1024 * 1024)
    let sizes = recordAllocations()
    expect(await readCandleCache(file, key)).toBeNull()
    expect(readCandleCacheSync(file, key)).toBeNull()
    expect(isCandleCacheCurrent(file, key)).toBe(false)
    expect(Math.max(0, ...sizes)).toBeLessThan(64 * 1024)
    vi.unstubAllGlobals()
    // A header length of 4 GiB.
    const lie = Buffer.from(real)
    lie.writeUInt32LE(0xffffffff, 6)
    fs.writeFileSync(file, lie)
    sizes = recordAllocations()
    expect(await readCandleCache(file, key)).toBeNull()
    expect(readCandleCacheSync(file, key)).toBeNull()
    expect(Math.max(0, ...sizes)).toBeLessThan(64 * 1024)
    vi.unstubAllGlobals()
    // A header matching the key that claims more candles than its small source file could hold,
    // with a file of exactly the claimed size (sparse): refused from the header.
    const n = 200_000
    const header = Buffer.from(JSON.stringify({ ...key, n }))
    const dataAt = Math.ceil((10 + header.length) / 8) * 8
    const forged = Buffer.alloc(dataAt)
    forged.write('GWCC1\n', 0, 'latin1')
    forged.writeUInt32LE(header.length, 6)
    header.copy(forged, 10)
    fs.writeFileSync(file, forged)
    fs.truncateSync(file, dataAt + n * 48)
    sizes = recordAllocations()
    expect(await readCandleCache(file, key)).toBeNull()
    expect(readCandleCacheSync(file, key)).toBeNull()
    expect(isCandleCacheCurrent(file, key)).toBe(false)
    expect(Math.max(0, ...sizes)).toBeLessThan(64 * 1024)
  })

  it('misses (never waits) when the entry is a named pipe or a directory', async () => {
    const { dir, file, key } = setup(10)
    fs.rmSync(file)
    execFileSync('mkfifo', [file]) // no writer: opening it to read without O_NONBLOCK would wait for ever
    expect(await readCandleCache(file, key)).toBeNull()
    expect(readCandleCacheSync(file, key)).toBeNull()
    expect(isCandleCacheCurrent(file, key)).toBe(false)
    const asDir = candleCacheFile(path.join(dir, 'cache'), path.join(dir, 'Y.csv'), null)
    fs.mkdirSync(asDir)
    expect(await readCandleCache(asDir, key)).toBeNull()
    expect(readCandleCacheSync(asDir, key)).toBeNull()
  })

  it('misses on values no parse gives: a time NaN, repeated or going back, a price ±Infinity (NaN prices are blanks)', async () => {
    const { file, key, candles } = setup(50)
    const tampered: Array<(c: typeof candles) => void> = [
      (c) => (c.time[5] = NaN),
      (c) => (c.time[5] = c.time[4]),
      (c) => (c.time[49] = 0),
      (c) => (c.close[3] = Infinity),
      (c) => (c.volume[0] = -Infinity),
    ]
    for (const tamper of tampered) {
      const c = generateCandles({ seed: 3, count: 50, intervalMs: 60_000, startPrice: 1.2 })
      tamper(c)
      writeCandleCache(file, key, c)
      expect(await readCandleCache(file, key), String(tamper)).toBeNull()
      expect(readCandleCacheSync(file, key), String(tamper)).toBeNull()
    }
    writeCandleCache(file, key, candles) // blanks (NaN prices) read back
    expect((await readCandleCache(file, key))?.high[7]).toBeNaN()
  })
})
