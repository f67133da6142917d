// One byte range of a split CSV file (market/csv-range.ts): parse it with the context lines before
// it, scan its candles as a segment (engine/fvg/segments.ts) and report what the merge needs.
// A worker imports this on its first range job; the spec is valid (see runScanJob).
import { compileFvgOptions } from '../fvg/options.ts'
import { canSplit, scanSegment, segmentContext } from '../fvg/segments.ts'
import { parseCsvRange } from '../market/csv-range.ts'
import type { ScanJobResult, ScanJobSpec } from './protocol.ts'
import type { Progress } from './scan-job.ts'

type Range = NonNullable<ScanJobSpec['fileRange']>

export async function runFileRangeJob(spec: ScanJobSpec & { returnZones: boolean }, range: Range, progress: Progress): Promise<ScanJobResult> {
  const opts = compileFvgOptions(spec.options)
  if (spec.source.kind !== 'file' || spec.timeframe || !canSplit(opts)) {
    throw new Error('Only a file at its own timeframe, without joinConsecutive or the auto minimum gap, scans in byte ranges.')
  }
  if (range.start >= range.end || range.end > range.size) throw new Error(`Byte range ${range.start}…${range.end} is not within 0…${range.size}.`)
  const t0 = performance.now()
  progress('load', 0)
  await new Promise<void>((resolve) => setImmediate(resolve))
  const file = spec.source.path
  const r = parseCsvRange(file, range, segmentContext(opts), { file, tz: spec.tz, size: range.size, mtimeMs: range.mtimeMs })
  const t1 = performance.now()
  progress('scan', 0.8)
  await new Promise<void>((resolve) => setImmediate(resolve))
  const c = r.candles
  const n = c.time.length
  const seg = scanSegment(c, 0, r.contextRows, opts)
  const t2 = performance.now()
  const { spacings, spacingCounts } = countSpacings(c.time.subarray(Math.max(0, r.contextRows - 1)))
  const own = n - r.contextRows
  return {
    symbol: spec.symbol,
    candles: own,
    fvgs: seg.zones.index.length,
    intervalMs: NaN, // from the merged spacings
    firstTime: own > 0 ? c.time[r.contextRows] : NaN,
    lastTime: own > 0 ? c.time[n - 1] : NaN,
    lastClose: own > 0 ? c.close[n - 1] : NaN,
    blankCells: 0, // from blankIfPrimary / blankIfAlt once every range is in
    zones: seg.zones,
    records: { lows: seg.lows, highs: seg.highs },
    fileRange: {
      contextRows: r.contextRows, lines: r.lines,
      blankIfPrimary: r.blankIfPrimary, blankIfAlt: r.blankIfAlt, primaryVolumeUsed: r.primaryVolumeUsed,
      hasAltVolume: r.hasAltVolume, noPrimaryVolume: r.noPrimaryVolume, spacings, spacingCounts,
    },
    timings: { loadMs: t1 - t0, resampleMs: 0, kernelMs: t2 - t1 },
  }
}

/** Each spacing between consecutive times and how often it occurs (runs counted without the Map). */
export function countSpacings(time: Float64Array): { spacings: Float64Array; spacingCounts: Int32Array } {
  const counts = new Map<number, number>()
  let run = 0
  let d0 = NaN
  for (let i = 1; i < time.length; i++) {
    const d = time[i] - time[i - 1]
    if (d === d0) run++
    else {
      if (run > 0) counts.set(d0, (counts.get(d0) ?? 0) + run)
      d0 = d
      run = 1
    }
  }
  if (run > 0) counts.set(d0, (counts.get(d0) ?? 0) + run)
  return { spacings: Float64Array.from(counts.keys()), spacingCounts: Int32Array.from(counts.values()) }
}
