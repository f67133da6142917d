// The one contract between the engine and any UI: command names with their request and response
// schemas, event names with their payload schemas, and the GapwatchClient interface that the
// preload (IPC) and the browser (WebSocket) both implement. Receivers validate every message.
import { z } from 'zod'
import { SampleSchema, ProcessesSchema, FilesystemSchema } from './sample.ts'
import { InventorySchema } from './inventory.ts'
import { SettingsViewSchema, SettingsPatchInputSchema } from './settings-secrets.ts'
import * as scanner from './scanner.ts'
import { MAX_COMMAND_NAME_CHARS, MAX_QUERY_SPAN_MS } from './limits.ts'
import { MetricNameSchema } from './metrics.ts'
import * as alerts from './alerts.ts'
import { ReportParamsSchema, ReportReplySchema, StoredReportSchema } from './report.ts'
import { CostParamsSchema, CostReportSchema } from './cost.ts'
import { PoolHistoryPointSchema } from './pool-history.ts'

export const TierSchema = z.enum(['raw', '1m', '1h'])
export type Tier = z.infer<typeof TierSchema>

export const QueryParamsSchema = z
  .object({
    metrics: z.array(MetricNameSchema).min(1).max(64),
    from: z.number().finite(),
    to: z.number().finite(),
    points: z.number().int().min(1).max(10_000).default(1000),
  })
  .refine((q) => q.from <= q.to, { path: ['from'], message: 'must not be after to' })
  .refine((q) => q.to - q.from <= MAX_QUERY_SPAN_MS, {
    path: ['to'],
    message: `must be at most ${MAX_QUERY_SPAN_MS / 86_400_000} days after from`,
  })
export type QueryParams = z.infer<typeof QueryParamsSchema>

/** One bucket: [start time ms, min, max, avg]. */
export const BucketSchema = z.tuple([z.number(), z.number(), z.number(), z.number()])
export type Bucket = z.infer<typeof BucketSchema>

export const QueryResultSchema = z.object({
  tier: TierSchema,
  bucketMs: z.number(),
  series: z.array(z.object({ metric: z.string(), buckets: z.array(BucketSchema) })),
})
export type QueryResult = z.infer<typeof QueryResultSchema>

/** What the engine costs, over its whole process tree (the engine and its pool workers). */
export const EngineUsageSchema = z.object({
  /** CPU as % of one core over the last interval. */
  cpuPercent: z.number(),
  rssBytes: z.number(),
  /** Proportional set size (RSS where /proc/<pid>/smaps_rollup is not readable). */
  pssBytes: z.number(),
  /** Bytes written to disk since the engine started (/proc/<pid>/io write_bytes; a counter). */
  diskWrittenBytes: z.number(),
  /** Bytes written per hour at rest: see shared/write-rate.ts; null until its readings span WRITE_RATE_MIN_SPAN_MS. */
  diskWrittenBytesPerHour: z.number().nullable(),
  /** The engine and its live pool workers. */
  processes: z.number().int(),
  /** Event-loop delay of the engine's thread in ms beyond the timer's period (perf_hooks.monitorEventLoopDelay), over the last 10–20 s. */
  eventLoopDelay: z.object({ p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() }),
})
export type EngineUsage = z.infer<typeof EngineUsageSchema>

/** Sampling paused by the user (tray, dashboard): no samples, and no "no data" alerts, until resumed. */
export const SamplingStateSchema = z.object({
  paused: z.boolean(),
  /** Epoch ms when it was paused; null while sampling. */
  since: z.number().nullable(),
})
export type SamplingState = z.infer<typeof SamplingStateSchema>

export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  uptimeS: z.number(),
  dataDir: z.string(),
  dbBytes: z.number(),
  gpuAvailable: z.boolean(),
  /** null before the first sample. */
  engine: EngineUsageSchema.nullable(),
  sampling: SamplingStateSchema,
})
export type Health = z.infer<typeof HealthSchema>

export const TelemetrySchema = EngineUsageSchema.extend({
  t: z.number(),
  dbBytes: z.number(),
  collectorsMs: z.record(z.string(), z.number()),
})
export type Telemetry = z.infer<typeof TelemetrySchema>

export const NoticeSchema = z.object({
  source: z.string(),
  message: z.string(),
})
export type Notice = z.infer<typeof NoticeSchema>

const empty = z.object({}).default({})

export const commands = {
  health: { params: empty, result: HealthSchema },
  inventory: { params: empty, result: InventorySchema },
  query: { params: QueryParamsSchema, result: QueryResultSchema },
  metricNames: { params: empty, result: z.array(z.string()) },
  /** The parts of a sample refreshed only every few ticks, as last seen, so a new page need not wait. */
  snapshot: {
    params: empty,
    result: z.object({ processes: ProcessesSchema.nullable(), filesystems: z.array(FilesystemSchema).nullable() }),
  },
  getSettings: { params: empty, result: SettingsViewSchema },
  setSettings: { params: SettingsPatchInputSchema, result: SettingsViewSchema },
  /** Queues a scan of watchlist symbols in the worker pool. */
  scanStart: { params: scanner.ScanStartParamsSchema, result: scanner.ScanStartResultSchema },
  /** Cancels the given jobs, or every queued and running one. */
  scanCancel: { params: scanner.ScanCancelParamsSchema, result: scanner.ScanCancelResultSchema },
  poolStatus: { params: empty, result: scanner.PoolStatusSchema },
  /** Throughput and queue depth per pool snapshot over the last 10 minutes (the Scanner charts). */
  poolHistory: { params: empty, result: z.array(PoolHistoryPointSchema) },
  watchlist: { params: empty, result: z.array(scanner.WatchlistItemSchema) },
  zones: { params: scanner.ZonesParamsSchema, result: scanner.ZonesResultSchema },
  candles: { params: scanner.CandlesParamsSchema, result: scanner.CandlesResultSchema },
  /** Imports a CSV file's text as a watchlist symbol and scans it; errors name file, line and column. */
  importCsv: { params: scanner.ImportCsvParamsSchema, result: scanner.ImportCsvResultSchema },
  /** The scaling experiment: the same scan with 1, 2, … workers. */
  bench: { params: scanner.BenchParamsSchema, result: scanner.BenchResultSchema },
  /** Streams a symbol's stored candles through the live detector, emitting `fvg` events. */
  replayStart: { params: scanner.ReplayStartParamsSchema, result: scanner.ReplayStatusSchema },
  replayStop: { params: empty, result: z.object({ stopped: z.boolean() }) },
  /** Alert rules as in rules.yaml (shared/alerts.ts). */
  rulesList: { params: empty, result: z.array(alerts.RuleSchema) },
  /** Adds or replaces a rule by name and saves rules.yaml; returns every rule. */
  rulesSave: { params: alerts.RulesSaveParamsSchema, result: z.array(alerts.RuleSchema) },
  rulesDelete: { params: alerts.RuleNameParamsSchema, result: z.object({ deleted: z.boolean() }) },
  /** Replays a rule over stored history with the live evaluator: when it would have fired. */
  rulesBacktest: { params: alerts.BacktestParamsSchema, result: alerts.BacktestResultSchema },
  /** Pending and firing alerts (built-in no-data alerts included). */
  alertsActive: { params: empty, result: z.array(alerts.AlertSchema) },
  /** The alert log, newest first (kept 35 days). */
  alertsLog: { params: alerts.AlertLogParamsSchema, result: z.array(alerts.AlertLogEntrySchema) },
  alertsAcknowledge: { params: alerts.RuleNameParamsSchema, result: z.object({ acknowledged: z.boolean() }) },
  /** Mutes delivery for a rule, or for every rule with the given labels, until a time. */
  alertsSilence: { params: alerts.SilenceParamsSchema, result: alerts.SilenceSchema },
  alertsSilences: { params: empty, result: z.array(alerts.SilenceSchema) },
  alertsUnsilence: { params: z.object({ id: z.number().int() }), result: z.object({ removed: z.boolean() }) },
  /** The webhook delivery log, newest first (kept 7 days). */
  /** Pauses sampling (intended: no "sampler stalled" alert, rules hold their state) until samplingResume. */
  samplingPause: { params: empty, result: SamplingStateSchema },
  samplingResume: { params: empty, result: SamplingStateSchema },
  alertsDeliveries: { params: z.object({ limit: z.number().int().min(1).max(1000).default(100) }), result: z.array(alerts.DeliverySchema) },
  /** Sends a test alert to the saved Alertmanager (resolving by itself); the delivery, also in the log. */
  alertmanagerTest: { params: empty, result: alerts.DeliverySchema },
  /** The report of a period (shared/report.ts), built from the stores. */
  /** An older engine's v1 report is read as the current model (shared/report.ts ReportReplySchema). */
  report: { params: ReportParamsSchema, result: ReportReplySchema },
  /** The scheduled reports in the data directory's reports folder, newest first. */
  reportsList: { params: empty, result: z.array(StoredReportSchema) },
  /** The cost analysis over Settings → Cost, any field overridden for a what-if (shared/cost.ts). */
  cost: { params: CostParamsSchema.default({}), result: CostReportSchema },
} as const

export const events = {
  sample: SampleSchema,
  inventory: InventorySchema,
  telemetry: TelemetrySchema,
  warning: NoticeSchema,
  error: NoticeSchema,
  settings: SettingsViewSchema,
  /** A job changed state (queued, running, done, failed, cancelled). */
  poolJob: scanner.JobInfoSchema,
  /** A running job's progress, at most 10 per second per job. */
  poolProgress: scanner.JobInfoSchema,
  /** Pool statistics, once a second while the pool works and once when it goes idle. */
  poolStats: scanner.PoolStatusSchema,
  benchProgress: scanner.BenchProgressSchema,
  /** Live replay: an FVG confirmed or mitigated. */
  fvg: scanner.FvgEventSchema,
  /** Live replay: the replay ran out of candles, was stopped or replaced (once per replay). */
  replayEnded: scanner.ReplayEndedSchema,
  /** An alert changed state; `notify` says whether hosts should deliver it (tray, notification). */
  alert: alerts.AlertEventSchema,
  /** Sampling paused or resumed. */
  sampling: SamplingStateSchema,
} as const

export type CommandName = keyof typeof commands
export type EventName = keyof typeof events
export type CommandParams<K extends CommandName> = z.input<(typeof commands)[K]['params']>
export type CommandResult<K extends CommandName> = z.infer<(typeof commands)[K]['result']>
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>

/** What the renderer knows of the engine, whichever transport carries it. */
export interface GapwatchClient {
  call<K extends CommandName>(name: K, params?: CommandParams<K>): Promise<CommandResult<K>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name)
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}

/** Wire messages (WebSocket frames; IPC carries the same objects). */
export const RequestMessageSchema = z.object({ id: z.number().int(), command: z.string().max(MAX_COMMAND_NAME_CHARS), params: z.unknown().optional() })
export const ResponseMessageSchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  // `code` BUSY_CODE: refused for now, ask again after about `retryAfterMs` (shared/busy.ts).
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string(), code: z.string().max(64).optional(), retryAfterMs: z.number().optional() }),
])
export const EventMessageSchema = z.object({ event: z.string(), data: z.unknown() })
export type RequestMessage = z.infer<typeof RequestMessageSchema>
export type ResponseMessage = z.infer<typeof ResponseMessageSchema>
export type EventMessage = z.infer<typeof EventMessageSchema>

export { describeZodError } from './zod-error.ts'
