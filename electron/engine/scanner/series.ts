// A symbol's candles for the charts, the replay and the FVG alerts' ATR filter, without parsing a CSV
// on the engine's thread: a file's series comes from the candle cache a pool worker wrote when it
// parsed the file (scanner/candle-cache.ts); when that is missing or stale (the file changed, another
// zone), a worker is asked to parse it and write the cache, and the engine reads that. Generated
// series are generated here, as before. The last series read is kept in memory, keyed by the file's
// size and mtime, so an edited file is never served stale.
import type { Candles } from '../../../shared/candles.ts'
import type { CandlesResult } from '../../../shared/scanner.ts'
import { generateCandles, parseTimeframe, resample, type DataSource, type WatchlistEntry } from '../market/index.ts'
import { candleCacheFile, currentKey, readCandleCache, readCandleCacheSync, type CacheKey } from './candle-cache.ts'

export interface SeriesSource {
  /** The entry of a symbol on the watchlist and the zone its file is read in (throws when not listed). */
  find(symbol: string): { entry: WatchlistEntry; tz: string | null }
  /** Has a pool worker parse the file and write the cache entry `file` for it (a scan job). */
  parseInWorker(entry: WatchlistEntry, tz: string | null, cache: { file: string; keyPath: string }): Promise<unknown>
}

export class SeriesReader {
  private readonly src: SeriesSource
  private readonly cacheDir: string
  private last: { key: string; candles: Candles } | null = null
  /** Cache entries being written by a worker: a second request waits for the same job. */
  private readonly pending = new Map<string, Promise<unknown>>()

  constructor(src: SeriesSource, cacheDir: string) {
    this.src = src
    this.cacheDir = cacheDir
  }

  /** A symbol's whole series (resampled to `timeframe` when it differs from the entry's own). */
  async series(symbol: string, timeframe: string | undefined): Promise<{ candles: Candles; timeframe: string }> {
    const { entry, tz } = this.src.find(symbol)
    const tf = timeframe && timeframe !== entry.timeframe ? timeframe : undefined
    if (entry.source.kind !== 'file') return this.remember(entry, tf, null, () => generated(entry.source))
    const file = entry.source.path
    let key = this.keyOf(file, tz) // one stat of the file per step: now, and again after a worker parsed it
    const cached = this.fromMemory(entry, tf, key)
    if (cached) return cached
    const cacheFile = candleCacheFile(this.cacheDir, file, tz)
    let raw = await readCandleCache(cacheFile, key)
    if (!raw) {
      let job = this.pending.get(cacheFile)
      if (!job) {
        job = this.src.parseInWorker(entry, tz, { file: cacheFile, keyPath: file }).finally(() => this.pending.delete(cacheFile))
        this.pending.set(cacheFile, job)
      }
      await job // a CSV error rejects here, naming the file and line
      key = this.keyOf(file, tz)
      raw = await readCandleCache(cacheFile, key)
      if (!raw) throw new Error(`${file}: its candles could not be kept for the chart (the file changed while it was read, or the data folder is full); try again.`)
    }
    const loaded = raw
    return this.remember(entry, tf, key, () => loaded)
  }

  /**
   * The same from what is already at hand (memory or the cache file), synchronously; throws when a
   * worker would have to parse first. For the FVG alerts, which run after a replay read the series.
   */
  seriesSync(symbol: string, timeframe: string | undefined): { candles: Candles; timeframe: string } {
    const { entry, tz } = this.src.find(symbol)
    const tf = timeframe && timeframe !== entry.timeframe ? timeframe : undefined
    if (entry.source.kind !== 'file') return this.remember(entry, tf, null, () => generated(entry.source))
    const key = this.keyOf(entry.source.path, tz)
    const cached = this.fromMemory(entry, tf, key)
    if (cached) return cached
    const raw = readCandleCacheSync(candleCacheFile(this.cacheDir, entry.source.path, tz), key)
    if (!raw) throw new Error(`${symbol}: its candles are not loaded yet.`)
    return this.remember(entry, tf, key, () => raw)
  }

  private keyOf(file: string, tz: string | null): CacheKey {
    const key = currentKey(file, tz)
    if (!key) throw new Error(`${file}: no such file, or not a regular file.`)
    return key
  }

  private memoKey(entry: WatchlistEntry, tf: string | undefined, key: CacheKey | null): string {
    return JSON.stringify([entry.symbol, tf ?? '', entry.source, key])
  }

  private fromMemory(entry: WatchlistEntry, tf: string | undefined, key: CacheKey | null): { candles: Candles; timeframe: string } | null {
    if (!key || this.last?.key !== this.memoKey(entry, tf, key)) return null
    return { candles: this.last.candles, timeframe: tf ?? entry.timeframe }
  }

  private remember(entry: WatchlistEntry, tf: string | undefined, key: CacheKey | null, load: () => Candles): { candles: Candles; timeframe: string } {
    const memo = this.memoKey(entry, tf, key)
    if (this.last?.key !== memo) {
      let c = load()
      if (tf) c = resample(c, parseTimeframe(tf), entry.symbol)
      this.last = { key: memo, candles: c }
    }
    return { candles: this.last.candles, timeframe: tf ?? entry.timeframe }
  }
}

function generated(src: DataSource): Candles {
  if (src.kind !== 'generated') throw new Error('not a generated source')
  const { kind: _kind, ...gen } = src
  return generateCandles(gen)
}

/** The last `limit` candles of a series, as the contract carries them (null for a blank cell). */
export function candleWindow(symbol: string, s: { candles: Candles; timeframe: string }, limit: number): CandlesResult {
  const c = s.candles
  const n = c.time.length
  const from = Math.max(0, n - limit)
  const list = (a: Float64Array) => Array.from(a.subarray(from), (v) => (Number.isNaN(v) ? null : v))
  return { symbol, timeframe: s.timeframe, offset: from, time: Array.from(c.time.subarray(from)), open: list(c.open), high: list(c.high), low: list(c.low), close: list(c.close) }
}
