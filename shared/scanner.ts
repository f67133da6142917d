// The scanner's part of the contract: the pool at work, the watchlist, zones and candles for the
// Symbols view, CSV import, and the scaling experiment.
import { z } from 'zod'
import { MAX_BENCH_TOTAL_CANDLES, MAX_IMPORT_BYTES } from './limits.ts'
import { FvgOptionsSchema, FvgZoneSchema } from './fvg.ts'

export const JobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled'])

export const JobInfoSchema = z.object({
  id: z.number().int(),
  symbol: z.string(),
  queue: z.string(),
  state: JobStateSchema,
  attempts: z.number().int(),
  progress: z.number(),
  stage: z.string(),
  error: z.string().nullable(),
  workerPid: z.number().int().nullable(),
  submittedAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
})
export type JobInfo = z.infer<typeof JobInfoSchema>

export const WorkerStatsSchema = z.object({
  pid: z.number().int().nullable(),
  busy: z.boolean(),
  jobs: z.number().int(),
  candles: z.number(),
  fvgs: z.number(),
  busyMs: z.number(),
})

export const PoolStatsSchema = z.object({
  size: z.number().int(),
  workers: z.array(WorkerStatsSchema),
  queued: z.number().int(),
  queues: z.record(z.string(), z.number().int()),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  candlesPerSec: z.number(),
  fvgsPerSec: z.number(),
  balance: z.number(),
})
export type PoolStats = z.infer<typeof PoolStatsSchema>

export const PoolStatusSchema = z.object({
  /** Epoch ms of this snapshot. */
  t: z.number(),
  stats: PoolStatsSchema,
  /** Queued and running jobs, then the most recent finished ones (newest first). */
  jobs: z.array(JobInfoSchema),
})
export type PoolStatus = z.infer<typeof PoolStatusSchema>

export const SymbolScanSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  source: z.string(),
  candles: z.number().int(),
  firstTime: z.number().nullable(),
  lastTime: z.number().nullable(),
  lastClose: z.number().nullable(),
  intervalMs: z.number().nullable(),
  fvgs: z.number().int(),
  openFvgs: z.number().int(),
  scannedAt: z.number(),
})
export type SymbolScanInfo = z.infer<typeof SymbolScanSchema>

export const WatchlistItemSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  assetClass: z.string(),
  timeframe: z.string(),
  /** Where its candles come from: a CSV file, or the seeded generator (demo). */
  source: z.enum(['file', 'generated']),
  file: z.string().nullable(),
  scans: z.array(SymbolScanSchema),
  /** An import's remembered time zone of its wall-clock times (broker time); null or absent = UTC. */
  tz: z.string().nullable().optional(),
})
export type WatchlistItem = z.infer<typeof WatchlistItemSchema>

export const ScanStartParamsSchema = z.object({
  /** Watchlist symbols to scan; absent = all of them. */
  symbols: z.array(z.string()).optional(),
  /** Resample before scanning ('1h', '4h', …); absent = the data's own timeframe. */
  timeframe: z.string().optional(),
  /** Overrides of the saved scan options. */
  options: FvgOptionsSchema.partial().optional(),
  queue: z.enum(['live', 'backfill']).default('live'),
})
export const ScanStartResultSchema = z.object({ jobIds: z.array(z.number().int()) })

export const ScanCancelParamsSchema = z.object({ jobIds: z.array(z.number().int()).optional() })
export const ScanCancelResultSchema = z.object({ cancelled: z.number().int() })

export const ZonesParamsSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  openOnly: z.boolean().default(false),
  /** Only zones alive at or after this candle index: formed there or later, still open, or mitigated there or later. */
  visibleFrom: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(100_000).default(5000),
})
export const ZonesResultSchema = z.array(FvgZoneSchema)

export const CandlesParamsSchema = z.object({
  symbol: z.string(),
  timeframe: z.string().optional(),
  /** The last `limit` candles. */
  limit: z.number().int().min(1).max(20_000).default(500),
})
export const CandlesResultSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  /** Index in the full (resampled) series of the first candle returned: zones use full-series indexes. */
  offset: z.number().int(),
  time: z.array(z.number()),
  open: z.array(z.number().nullable()),
  high: z.array(z.number().nullable()),
  low: z.array(z.number().nullable()),
  close: z.array(z.number().nullable()),
})
export type CandlesResult = z.infer<typeof CandlesResultSchema>

/**
 * The zone of an import's wall-clock times: an IANA name or a UTC offset (the engine checks it,
 * market/timezone.ts); null = UTC (forgets a remembered zone); absent = the symbol's remembered zone.
 */
export const ImportTzSchema = z.string().trim().min(1).max(64).nullable().optional()

export const ImportCsvParamsSchema = z.object({
  /** The file's name (the symbol is its name without extension). */
  name: z.string().min(1).max(255),
  content: z.string().max(MAX_IMPORT_BYTES),
  tz: ImportTzSchema,
})

/**
 * Desktop only: an import by the picked file's path, over its own IPC channel (shared/ipc.ts), never
 * a contract command, so no WebSocket client can make the engine read a path. The engine copies the
 * file into its imports folder; a pool worker parses it.
 */
export const ImportCsvPathParamsSchema = z.object({
  path: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => !p.includes('\0'), 'must not contain a NUL character')
    .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path'),
  tz: ImportTzSchema,
})

export const ImportCsvResultSchema = z.object({
  symbol: z.string(),
  rows: z.number().int(),
  blankCells: z.number().int(),
  format: z.string(),
  timeframe: z.string(),
  jobId: z.number().int(),
  /** FVGs the import's scan found (the scan is done when the import answers). */
  fvgs: z.number().int().optional(),
  /** The zone its times were read in; null = UTC. */
  tz: z.string().nullable().optional(),
})

export const BenchParamsSchema = z
  .object({
    symbols: z.number().int().min(1).max(100).default(15),
    candles: z.number().int().min(1000).max(5_000_000).default(200_000),
    // The engine caps each count at maxBenchWorkers(its cores) too; 64 is the bound without a machine.
    workers: z.array(z.number().int().min(1).max(64)).min(1).max(16).optional(),
  })
  .refine((p) => p.symbols * p.candles <= MAX_BENCH_TOTAL_CANDLES, {
    // Grouped by hand: toLocaleString here, run when the module loads, was the only Intl call in a
    // serve at rest, and the first touches ~6 MiB of ICU data and code in the node binary (issue 15).
    message: `symbols × candles may be at most ${String(MAX_BENCH_TOTAL_CANDLES).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`,
    path: ['candles'],
  })
export const BenchRowSchema = z.object({
  workers: z.number().int(),
  wallMs: z.number(),
  candlesPerSec: z.number(),
  speedup: z.number(),
  efficiency: z.number(),
  balance: z.number(),
})
export type BenchRow = z.infer<typeof BenchRowSchema>
export const BenchResultSchema = z.object({
  symbols: z.number().int(),
  candles: z.number().int(),
  rows: z.array(BenchRowSchema),
})
export type BenchResult = z.infer<typeof BenchResultSchema>
export const BenchProgressSchema = z.object({ workers: z.number().int(), done: z.number().int(), total: z.number().int() })

/** Live replay: `created` when the third candle confirms a gap; `merged` (joinConsecutive) when the
 * next bar extends it, replacing the zone labelled `replaces`; `mitigated` when price reaches it. */
export const FvgEventSchema = z.object({
  type: z.enum(['created', 'merged', 'mitigated']),
  symbol: z.string(),
  timeframe: z.string(),
  zone: FvgZoneSchema,
  replaces: z.number().int().optional(),
  /** Market time of the candle that confirmed, merged or mitigated the zone (a replay sets it). */
  candleTime: z.number().optional(),
})

export const ReplayStartParamsSchema = z.object({
  symbol: z.string(),
  timeframe: z.string().optional(),
  /** Candles per second. */
  speed: z.number().positive().max(1_000_000).default(50),
})
export const ReplayStatusSchema = z.object({
  replayId: z.number().int(),
  symbol: z.string(),
  timeframe: z.string(),
  position: z.number().int(),
  total: z.number().int(),
  running: z.boolean(),
})
export type FvgLiveEvent = z.infer<typeof FvgEventSchema>
/** Why a replay ended: it ran out of candles, it was stopped, or a new replay replaced it. */
export const ReplayEndReasonSchema = z.enum(['end', 'stopped', 'replaced'])
export type ReplayEndReason = z.infer<typeof ReplayEndReasonSchema>
/** A replay is over: its final status (position = candles fed) and why it ended. */
export const ReplayEndedSchema = ReplayStatusSchema.extend({ reason: ReplayEndReasonSchema })
export type ReplayEnded = z.infer<typeof ReplayEndedSchema>
