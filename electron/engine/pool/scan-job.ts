// One scan job: load the symbol's candles (file or generator), resample if asked, run the kernel;
// or one segment of a split job on a generated series (engine/fvg/segments.ts).
// A pool worker loads this module first: its static imports are what every whole-file job needs,
// and none loads zod (the host validated the spec, Pool.submit, or built it from checked values,
// PoolCore). Code only some jobs need (ranges and segments of split jobs, resampling, the generator,
// the candle cache, output formatting) is imported when a job first needs it. test/unit/engine/pool/worker-graph.test.ts holds the list.
import path from 'node:path'
import type { Candles } from '../../../shared/candles.ts'
import type { CacheKey } from '../scanner/candle-cache.ts'
import type * as CandleCache from '../scanner/candle-cache.ts'
import { detectFvgsResolved } from '../fvg/kernel.ts'
import { compileFvgOptions } from '../fvg/options.ts'
import { importCsvFile } from '../market/csv.ts'
import { detectInterval } from '../market/timeframe.ts'
import type { ScanJobResult, ScanJobSpec } from './protocol.ts'
import type { SegmentZones } from '../fvg/segments.ts'

/** Reports the stage starting and the share of the job done before it. */
export type Progress = (stage: 'load' | 'resample' | 'scan', fraction: number) => void

/** Lets queued messages (progress) leave the process between stages. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Runs a job whose spec is valid (ScanJobSpecSchema: Pool.submit checks every spec it is given;
 * gapwatch scan builds its own from options it checked, pool-core.ts trustSpec, for its workers and
 * in-process alike). Not validated again here.
 */
export async function runScanJob(input: ScanJobSpec, progress: Progress = () => {}): Promise<ScanJobResult> {
  const spec: ParsedSpec = { ...input, returnZones: input.returnZones ?? true }
  if (spec.segment) return runSegmentJob(spec, spec.segment, progress)
  if (spec.fileRange) return (await import('./file-range-job.ts')).runFileRangeJob(spec, spec.fileRange, progress)
  const t0 = performance.now()
  progress('load', 0)
  await yieldToEvents()
  let candles: Candles
  let blankCells = 0
  let format: string | undefined
  if (spec.source.kind === 'file') {
    const file = spec.source.path
    // The candle cache's module is loaded only by jobs that write one.
    const cache = spec.candleCache ? await import('../scanner/candle-cache.ts') : null
    const before = cache ? cache.currentKey(file, spec.tz ?? null) : null
    const imported = importCsvFile(file, { symbol: spec.symbol, tz: spec.tz, file: spec.fileName })
    candles = imported.candles
    blankCells = imported.blankCells
    format = imported.format
    if (cache && spec.candleCache && before) cacheCandles(cache, spec.candleCache, before, cache.currentKey(file, spec.tz ?? null), candles)
  } else {
    const { kind: _kind, ...gen } = spec.source
    candles = (await import('../market/generator.ts')).generateCandles(gen)
  }
  const t1 = performance.now()
  if (spec.timeframe) {
    progress('resample', 0.7)
    await yieldToEvents()
    const [{ resample }, { parseTimeframe }] = await Promise.all([import('../market/resample.ts'), import('../market/timeframe.ts')])
    candles = resample(candles, parseTimeframe(spec.timeframe))
  }
  const t2 = performance.now()
  progress('scan', 0.8)
  await yieldToEvents()
  const r = detectFvgsResolved(candles, compileFvgOptions(spec.options))
  const t3 = performance.now()
  const n = candles.close.length
  let zones: SegmentZones | null = null
  if (spec.returnZones || spec.output) {
    const time = new Float64Array(r.count)
    const mitigatedTime = new Float64Array(r.count)
    for (let k = 0; k < r.count; k++) {
      time[k] = candles.time[r.index[k]]
      mitigatedTime[k] = r.mitigatedIndex[k] >= 0 ? candles.time[r.mitigatedIndex[k]] : NaN
    }
    zones = { index: r.index, direction: r.direction, top: r.top, bottom: r.bottom, mitigatedIndex: r.mitigatedIndex, time, mitigatedTime }
  }
  const result: ScanJobResult = {
    symbol: spec.symbol,
    candles: n,
    fvgs: r.count,
    intervalMs: n > 1 ? detectInterval(candles.time) : NaN,
    firstTime: n > 0 ? candles.time[0] : NaN,
    lastTime: n > 0 ? candles.time[n - 1] : NaN,
    lastClose: n > 0 ? candles.close[n - 1] : NaN,
    blankCells,
    zones,
    timings: { loadMs: t1 - t0, resampleMs: t2 - t1, kernelMs: t3 - t2 },
  }
  // A whole file read for the engine (an import's report): never split, so its results need not
  // equal a split job's merged ones field for field.
  if (spec.candleCache) result.format = format
  if (spec.output) {
    const { formatFilePart } = await import('./scan-output.ts')
    result.output = formatFilePart(spec.output.format, spec.output.file, result)
    // The formatted bytes replace the zones unless the caller keeps them too (e.g. to store them).
    if (!spec.returnZones) result.zones = null
  }
  return result
}

type ParsedSpec = ScanJobSpec & { returnZones: boolean }

/**
 * Writes the parsed series to the engine's candle cache, keyed by the file as it was read: only
 * when its size and mtime are the same after the parse as before (readImportFile refuses a file
 * that changes during the read). A failed write (disk full) only costs the engine a later re-parse
 * in a worker, so it does not fail the scan.
 */
function cacheCandles(
  cache: typeof CandleCache, target: { file: string; keyPath: string },
  before: CacheKey, after: CacheKey | null, candles: Candles,
): void {
  if (!after || after.size !== before.size || after.mtimeNs !== before.mtimeNs) return
  try {
    cache.writeCandleCache(target.file, { ...before, path: path.resolve(target.keyPath) }, candles)
  } catch {
    // see above
  }
}

/** Generates candles from … to − 1 (and the context before them) and scans that segment. */
async function runSegmentJob(spec: ParsedSpec, { from, to }: { from: number; to: number }, progress: Progress): Promise<ScanJobResult> {
  const [{ canSplit, scanSegment, segmentContext }, { generateCandleRange }] = await Promise.all([
    import('../fvg/segments.ts'), import('../market/generator.ts'),
  ])
  const opts = compileFvgOptions(spec.options)
  if (spec.source.kind !== 'generated' || spec.timeframe || !canSplit(opts)) {
    throw new Error('Only a generated series at its own timeframe, without joinConsecutive or the auto minimum gap, scans in segments.')
  }
  if (from >= to || to > spec.source.count) throw new Error(`Segment ${from}…${to} is not within 0…${spec.source.count}.`)
  const t0 = performance.now()
  progress('load', 0)
  await yieldToEvents()
  const { kind: _kind, ...gen } = spec.source
  const start = Math.max(0, from - segmentContext(opts))
  const candles = generateCandleRange(gen, start, to)
  const t1 = performance.now()
  progress('scan', 0.8)
  await yieldToEvents()
  // Counting only (a benchmark): the zones' count needs no records for a merge.
  const seg = spec.returnZones ? scanSegment(candles, start, from, opts) : null
  const fvgs = seg ? seg.zones.index.length : detectFvgsResolved(candles, opts, from - start).count
  const t2 = performance.now()
  const last = to - 1 - start
  return {
    symbol: spec.symbol,
    candles: to - from,
    fvgs,
    intervalMs: gen.intervalMs,
    firstTime: candles.time[from - start],
    lastTime: candles.time[last],
    lastClose: candles.close[last],
    blankCells: 0,
    zones: seg ? seg.zones : null,
    records: seg ? { lows: seg.lows, highs: seg.highs } : undefined,
    timings: { loadMs: t1 - t0, resampleMs: 0, kernelMs: t2 - t1 },
  }
}
