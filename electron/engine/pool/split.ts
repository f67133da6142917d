// Split jobs: a long series is scanned in parts by several workers at once and the parts are merged
// into exactly the whole scan (engine/fvg/segments.ts). Without it, 15 equal jobs on 2 workers
// leave one worker idle for the last job; with it the last job is shared too, and each segment's
// candles are still in cache when the kernel reads them, so two busy workers slow each other down less.
// A generated series is cut into candle segments; a CSV file into byte ranges at line boundaries
// (market/csv-range.ts), each parsed and scanned by its worker (file-merge.ts joins them).
// Not split: resampled series, and the options whose zones reach across a segment's end
// (joinConsecutive, the auto minimum gap).
import { compileFvgOptions } from '../fvg/options.ts'
import { canSplit, mergeSegmentsInSteps, planSegments } from '../fvg/segments.ts'
import type { SegmentScan } from '../fvg/segments.ts'
import { planCsvRanges } from '../market/csv-range.ts'
import { mergeFileRangesInSteps } from './file-merge.ts'
import { drain, type Steps } from '../time-slices.ts'
import type { ScanJobResult, ScanJobSpec } from './protocol.ts'

/**
 * Default segment length: about 0.05 s of work on one core, and small enough (6 MB of candles)
 * that the kernel reads them from the CPU's cache right after they are generated. Measured on the
 * 2-core VM, 15 × 1M candles on 2 workers vs 1: 1.84–1.91× with 2^17, 1.62–1.77× with 2^18,
 * 1.84–1.88× with 2^16 (more context candles to regenerate), 1.50–1.70× whole.
 */
export const SEGMENT_CANDLES = 1 << 17

/**
 * A split file's range size at most: a 1M-candle file (50 MB) is one range per worker on 2 workers
 * (planCsvRanges makes the count a multiple of the workers). Fewer, larger ranges cost less CPU in
 * all: on the 2-core VM, one 1M-candle CSV to JSON on 2 workers (bench/fvg/cpu-account.ts, medians
 * of 5–7 alternating runs), 2 ranges 866 ms of CPU and an idle-core estimate of 475 ms, 4 ranges
 * 916 / 506, 6 ranges (8 MiB) 960 / 552, 12 ranges 970 / 577, nearly all of it the workers'. Ranges
 * are then not shared out as they finish, but on an idle machine the workers start within ~30 ms of
 * each other, less than what the ranges cost.
 */
export const FILE_RANGE_BYTES = 32 * 1024 * 1024

let rangeBytesOverride: number | null = null

/**
 * Test-only: the range size of every pool in this process made afterwards, in place of
 * FILE_RANGE_BYTES, so the CLI's split tests can split files of a few MB. Called from a test's
 * preload (test/fixtures/pool/small-ranges.mjs); no environment variable or flag reaches it, so no
 * user's scan is steered by it. A size under 1024 bytes is refused.
 */
export function setRangeBytesForTests(bytes: number): void {
  if (!(Number.isSafeInteger(bytes) && bytes >= 1024)) throw new RangeError(`A range size must be a whole number of at least 1024 bytes, not ${bytes}.`)
  rangeBytesOverride = bytes
}

/** FILE_RANGE_BYTES, or the size a test set with setRangeBytesForTests. */
export function rangeBytesDefault(): number {
  return rangeBytesOverride ?? FILE_RANGE_BYTES
}

/** How long a job's parts may be: a generated series' segments in candles, a file's ranges in bytes (0: never split that kind). */
export interface SplitSizes {
  segmentCandles: number
  rangeBytes: number
}

/** Never split. */
export const NO_SPLIT: SplitSizes = { segmentCandles: 0, rangeBytes: 0 }

/**
 * The part specs of a job, or null when it runs whole (too short, or not splittable). A file's
 * ranges come in a multiple of `workers` where none is then under its minimum, of about equal bytes (planCsvRanges).
 */
export function splitScan(spec: ScanJobSpec, sizes: SplitSizes, workers = 1): ScanJobSpec[] | null {
  const src = spec.source
  const { segmentCandles, rangeBytes } = sizes
  if (spec.timeframe || spec.segment || spec.fileRange || spec.candleCache) return null
  if (src.kind === 'generated' && !(segmentCandles > 0 && src.count > segmentCandles)) return null
  if (src.kind === 'file' && !(rangeBytes > 0)) return null
  // The spec is valid by now (Pool.submit, or a trusted spec): its options need no zod here.
  if (!canSplit(compileFvgOptions(spec.options))) return null
  // A part's zones are not the file's: its output is formatted after the merge, or, streamed, kept
  // by its worker until the merge decides its candle numbers and fills (range-output.ts).
  if (src.kind === 'file') {
    const plan = planCsvRanges(src.path, rangeBytes, workers)
    if (!plan) return null
    const output = (s: number) => (spec.output?.stream !== undefined && spec.output.format !== 'table' ? { ...spec.output, range: s } : undefined)
    return plan.ranges.map((r, s) => ({ ...spec, fileRange: { ...r, size: plan.size, mtimeMs: plan.mtimeMs }, output: output(s) }))
  }
  return planSegments(src.count, segmentCandles).map((segment) => ({ ...spec, segment, output: undefined }))
}

/** The whole job's result from its parts' results (`parts[s]` is the result of `segments[s]`). */
export function mergeScanResults(spec: ScanJobSpec, segments: readonly ScanJobSpec[], parts: readonly ScanJobResult[]): ScanJobResult {
  return drain(mergeScanResultsInSteps(spec, segments, parts))
}

/** mergeScanResults in steps of about one part each (engine/time-slices.ts), for the engine's thread. */
export function* mergeScanResultsInSteps(spec: ScanJobSpec, segments: readonly ScanJobSpec[], parts: readonly ScanJobResult[]): Steps<ScanJobResult> {
  if (segments[0]?.fileRange) return yield* mergeFileRangesInSteps(spec, parts, segments)
  const first = parts[0]
  const last = parts[parts.length - 1]
  let zones: ScanJobResult['zones'] = null
  if (spec.returnZones !== false) {
    const scans: SegmentScan[] = parts.map((p, s) => {
      const range = segments[s].segment
      if (!p.zones || !p.records || !range) throw new Error(`Segment ${s + 1} of ${spec.symbol} came back without its zones.`)
      return { from: range.from, to: range.to, zones: p.zones, lows: p.records.lows, highs: p.records.highs }
    })
    zones = yield* mergeSegmentsInSteps(scans, compileFvgOptions(spec.options))
  }
  return {
    symbol: spec.symbol,
    candles: parts.reduce((a, p) => a + p.candles, 0),
    fvgs: parts.reduce((a, p) => a + p.fvgs, 0),
    intervalMs: first.intervalMs,
    firstTime: first.firstTime,
    lastTime: last.lastTime,
    lastClose: last.lastClose,
    blankCells: parts.reduce((a, p) => a + p.blankCells, 0),
    zones,
    timings: {
      loadMs: parts.reduce((a, p) => a + p.timings.loadMs, 0),
      resampleMs: 0,
      kernelMs: parts.reduce((a, p) => a + p.timings.kernelMs, 0),
    },
  }
}
