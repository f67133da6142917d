// Messages between the pool (host) and a worker process. A job carries only a small spec (where
// the candles are: a file path or a generator seed, and for a split job the segment); the worker loads its own data, so no large
// arrays go to the worker. Results come back as typed-array columns.
import { z } from 'zod'
import { FvgOptionsSchema } from '../../../shared/fvg.ts'
import { dataSourceSchema } from '../market/watchlist.ts'
import type { Records, SegmentZones } from '../fvg/segments.ts'
import type { FileOutput } from './scan-output.ts'
import type { CsvRangeResult } from '../market/csv-range.ts'
import type { RangeFill } from './range-output.ts'

export const ScanJobSpecSchema = z.object({
  kind: z.literal('scan'),
  symbol: z.string().min(1),
  source: dataSourceSchema,
  /** A file's wall-clock times are in this zone (broker server time; market/timezone.ts); absent = UTC. */
  tz: z.string().max(64).optional(),
  /** Resample to this timeframe (e.g. '1h') before scanning; absent = the data's own. */
  timeframe: z.string().optional(),
  options: FvgOptionsSchema,
  /** Send the zones back (false for benchmarks that only count). */
  returnZones: z.boolean().default(true),
  /**
   * Scan only candles from … to − 1 of a generated series, one segment of a split job
   * (engine/fvg/segments.ts); the result carries the segment's records for the merge.
   */
  segment: z.object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() }).optional(),
  /**
   * Parse and scan only bytes start … end − 1 of a file source, one range of a split file
   * (market/csv-range.ts); `size` and `mtimeMs` are the file as planned (a changed file is refused).
   */
  fileRange: z.object({
    start: z.number().int().nonnegative(), end: z.number().int().nonnegative(),
    size: z.number().int().nonnegative(), mtimeMs: z.number(),
  }).optional(),
  /**
   * Format this file's part of `gapwatch scan`'s output in the worker (scan-output.ts): `file` is
   * the name printed for it. The result then carries `output`.
   */
  output: z.object({
    format: z.enum(['json', 'csv', 'table']), file: z.string(),
    /**
     * The file's place in the output: the worker then writes its part's bytes itself, to the output
     * it was forked with (output-turn.ts), when the host gives it the turn; the result's bytes are empty.
     */
    stream: z.number().int().nonnegative().optional(),
    /** With `stream`, a split file's range: the worker keeps its zones to format its rows after the merge (range-output.ts). */
    range: z.number().int().nonnegative().optional(),
  }).optional(),
  /** A file's name in error messages (an import: the name the user gave, not its staged copy's). */
  fileName: z.string().min(1).max(255).optional(),
  /**
   * Write the parsed series (before any resample) to this candle-cache entry
   * (scanner/candle-cache.ts), keyed by `keyPath` (where the engine will find the file: an import's
   * final place) and the size and mtime of the file as read. The job then runs whole.
   */
  candleCache: z.object({ file: z.string().min(1), keyPath: z.string().min(1) }).optional(),
})
export type ScanJobSpec = z.input<typeof ScanJobSpecSchema>

export interface ScanJobResult {
  symbol: string
  candles: number
  fvgs: number
  /** The scanned series' spacing (ms), and its first and last candle. */
  intervalMs: number
  firstTime: number
  lastTime: number
  lastClose: number
  /** Blank cells in the source file (NaN values). */
  blankCells: number
  zones: SegmentZones | null
  /** A segment's record lows and highs (with returnZones), for mergeSegments. */
  records?: { lows: Records; highs: Records }
  timings: { loadMs: number; resampleMs: number; kernelMs: number }
  /**
   * A file range's facts for the merge (split.ts): its zones and records count candles from where
   * the range's worker started reading (`contextRows` before the range's first candle).
   */
  fileRange?: FileRangeFacts
  /** With the spec's `output`: this file's formatted part of the scan output. */
  output?: FileOutput
  /**
   * A split file whose ranges' workers hold their rows (spec `output.stream`): per range, its rows
   * and what the merge decided for them (range-output.ts).
   */
  ranges?: RangeEntry[]
  /** With `ranges` and no `zones` (the ranges sent back their open zones only): the file's zone counts. */
  zoneCounts?: { bullish: number; open: number }
  /** A whole file's layout as the parser recognised it (market/formats.ts CsvFormat). */
  format?: string
}

/** A split file's range in the merged result (file-merge.ts): its fill, its rows, and how to scan it again. */
export type RangeEntry = RangeFill & {
  rows: number
  /**
   * The range's job, when its result came back with its open zones only (`FileRangeFacts.openRows`):
   * where its worker is gone, the CLI scans it again to format its rows (scan-split-out.ts).
   */
  part?: ScanJobSpec
}

/** What a range's parse found (market/csv-range.ts) beside its candles, for the merge. */
export interface FileRangeFacts extends Omit<CsvRangeResult, 'candles'> {
  /** Spacings between the range's consecutive candles (context included) and how often each occurs. */
  spacings: Float64Array
  spacingCounts: Int32Array
  /**
   * Set when the range's worker holds its rows (a streamed range, zones not asked for): `zones`
   * then holds only the zones still open at the range's end, which later ranges may mitigate, and
   * these are their rows among the range's `fvgs`. The merge needs no others (range-output.ts).
   */
  openRows?: Int32Array
  /** With `openRows`: how many of the range's zones are bullish. */
  bullish?: number
}

/** A CSV error as its fields, so a split file's merge can name the whole file's line. */
export interface CsvErrorFields {
  file: string
  line: number
  column: string | null
  value: string | null
  reason: string
}

export type HostMessage =
  | { type: 'job'; jobId: number; spec: ScanJobSpec }
  /** A streamed part's turn: every byte before it is written (output-turn.ts); `fill` for a split file's range. */
  | { type: 'turn'; jobId: number; fill?: RangeFill }
  /**
   * A held range's fill, sent as soon as the merge is done, before its turn: the worker fills its
   * rows then, while the other ranges' workers fill theirs, so its turn only writes them.
   */
  | { type: 'fill'; jobId: number; fill: RangeFill }
  /** A held range that will not be written (its file failed): forget it. */
  | { type: 'drop'; jobId: number }

export type WorkerMessage =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; jobId: number; stage: 'load' | 'resample' | 'scan'; fraction: number }
  | { type: 'result'; jobId: number; result: ScanJobResult }
  /** A streamed part is formatted and waits for its turn to write (output-turn.ts). */
  | { type: 'turn-wait'; jobId: number; order: number }
  /** A split file's range (a finished job) keeps its rows for its turn (range-output.ts). */
  | { type: 'part-held'; jobId: number; order: number; range: number }
  /** A range's turn is over: `wrote` false when it wrote nothing (no rows held, or they could not be formatted: the CLI rescans the range); `message` when a write failed. */
  | { type: 'part-written'; jobId: number; wrote: boolean; message?: string; output?: string }
  /** `output`: the error code of a failed write of a streamed part (EPIPE: the reader went away). */
  | { type: 'error'; jobId: number; message: string; csv?: CsvErrorFields; output?: string }
