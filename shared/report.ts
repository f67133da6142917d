// The report: one versioned model for every output (JSON, the HTML page, the PDF printed from it).
// Built by electron/engine/report from the history tiers, the alert log and the scan stores; the JSON
// Schema shipped as resources/report.schema.json is generated from these schemas (`gapwatch report
// --schema`). Bump REPORT_SCHEMA_VERSION on any change a reader of the JSON would notice.
import { Cron } from 'croner'
import { z } from 'zod'
import { SeveritySchema, isTimeZone } from './alerts.ts'
import { CostReportSchema } from './cost.ts'
import { MAX_CANDLE_TIME_MS, MIN_CANDLE_TIME_MS } from './limits.ts'
import { GROUP_MEMORY_METRICS, METRIC_UNITS, type MetricFamily } from './metrics.ts'

// 2: process groups carry their PSS (group.NAME.pss), the memory ranking says which measure it is by.
export const REPORT_SCHEMA_VERSION = 2

/** Presets of `--preset` and `/api/report`: the period ending now. */
export const REPORT_PRESETS = { day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const
export type ReportPreset = keyof typeof REPORT_PRESETS
export const ReportPresetSchema = z.enum(['day', 'week', 'month'])
export const REPORT_FORMATS = ['json', 'html', 'pdf'] as const
export const ReportFormatSchema = z.enum(REPORT_FORMATS)
export type ReportFormat = z.infer<typeof ReportFormatSchema>
/** The files a report is saved or scheduled as: the page printed to PDF, the model as JSON. */
export const ReportFileFormatSchema = z.enum(['pdf', 'json'])
export type ReportFileFormat = z.infer<typeof ReportFileFormatSchema>
/** How the scheduler names a report's file in the reports folder: its UTC time, then the format. */
export const STORED_REPORT_NAME = /^gapwatch-report-(\d{8}T\d{6}Z)\.(json|pdf)$/
/** The longest period a report covers (the 1-hour tier keeps two years; a report reads at most one). */
export const MAX_REPORT_SPAN_MS = 366 * 86_400_000
/** Points per utilisation chart: enough for a page's width, small enough for a 2 MB PDF. */
export const REPORT_CHART_POINTS = 400

const Iso = z.iso.datetime({ offset: true })
const Num = z.number().finite()
const NumOrNull = Num.nullable()

/** One bucket of a chart: [start epoch ms, min, max, average]. */
export const ReportPointSchema = z.tuple([Num, Num, Num, Num])

/** A chart's unit: one of the metric registry's (shared/metrics.ts). */
export const ReportUnitSchema = z.enum(METRIC_UNITS)

/** Min, max and average of a series over the whole period (null: no data). */
export const StatsSchema = z.object({ min: NumOrNull, max: NumOrNull, avg: NumOrNull })
export type Stats = z.infer<typeof StatsSchema>

export const UtilisationSchema = z.object({
  metric: z.string(),
  label: z.string(),
  unit: ReportUnitSchema,
  stats: StatsSchema,
  /** Chronological buckets; empty when the period holds no value of it. */
  points: z.array(ReportPointSchema),
})
export type Utilisation = z.infer<typeof UtilisationSchema>

export const SeverityCountsSchema = z.object({ info: z.number().int(), warning: z.number().int(), critical: z.number().int() })

export const SummarySchema = z.object({
  cpu: z.object({ avg: NumOrNull, p95: NumOrNull, max: NumOrNull }),
  memoryPeakBytes: NumOrNull,
  memoryPeakPct: NumOrNull,
  /** Highest utilisation of any GPU; null on a machine without one. */
  gpuPeakPct: NumOrNull,
  diskReadPeakBps: NumOrNull,
  diskWritePeakBps: NumOrNull,
  netRxPeakBps: NumOrNull,
  netTxPeakBps: NumOrNull,
  /** Firings that started in the period, by severity. */
  alertsFired: SeverityCountsSchema,
  scansRun: z.number().int(),
  /** The findings in sentences, most important first. */
  findings: z.array(z.string()),
})
export type Summary = z.infer<typeof SummarySchema>

export const ReportFiringSchema = z.object({
  rule: z.string(),
  severity: SeveritySchema,
  start: Iso,
  /** Null while still firing at the end of the period. */
  end: Iso.nullable(),
  /** The highest value the alert log recorded for it; null when it logs none (engine alerts). */
  peak: NumOrNull,
})
export const RuleTimeSchema = z.object({
  rule: z.string(),
  severity: SeveritySchema,
  firings: z.number().int(),
  /** Time in alert within the period, in ms (a firing is clipped to the period). */
  timeInAlertMs: z.number().nonnegative(),
})
export const AlertsSectionSchema = z.object({ firings: z.array(ReportFiringSchema), byRule: z.array(RuleTimeSchema) })
export type AlertsSection = z.infer<typeof AlertsSectionSchema>

export const SymbolRowSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  candles: z.number().int(),
  fvgs: z.number().int(),
  mitigated: z.number().int(),
  open: z.number().int(),
  scannedAt: Iso,
})
export const ScannerSectionSchema = z.object({
  /** Scan runs started in the period. */
  runs: z.number().int(),
  jobs: z.object({ done: z.number().int(), failed: z.number().int(), cancelled: z.number().int() }),
  candles: z.number().int(),
  fvgs: z.number().int(),
  /** Candles scanned per second of job time (null: no finished job). */
  candlesPerSecond: NumOrNull,
  /** The last scan of each symbol scanned in the period. */
  symbols: z.array(SymbolRowSchema),
  /**
   * Worker balance: job durations of the period's finished jobs (ms) and the pool size used. The
   * store keeps no worker per job, so the spread of job times stands for how even the work was.
   */
  balance: z.object({
    workers: z.number().int().nullable(),
    jobMs: z.object({ min: NumOrNull, median: NumOrNull, max: NumOrNull }),
  }),
})
export type ScannerSection = z.infer<typeof ScannerSectionSchema>

/**
 * What a group's memory is measured by. PSS (group.NAME.pss) splits a page shared by several processes
 * among them, so it counts once, as the Overview shows; RSS (group.NAME.rss) is summed per process, so a
 * shared page counts once per process (a forked pool reads several times what it uses). History recorded
 * before the engine kept group PSS (or imported without it) has only RSS.
 */
export const GROUP_MEMORY_MEASURES = {
  pss: { metric: GROUP_MEMORY_METRICS.pss, label: 'PSS' },
  rss: { metric: GROUP_MEMORY_METRICS.rss, label: 'RSS' },
} as const satisfies Record<keyof typeof GROUP_MEMORY_METRICS, { metric: MetricFamily; label: string }>
export type GroupMemoryMeasure = keyof typeof GROUP_MEMORY_MEASURES
export const GroupMemoryMeasureSchema = z.enum(['pss', 'rss'] as const satisfies readonly GroupMemoryMeasure[])

export const GroupRowSchema = z.object({
  name: z.string(),
  /** Share of one core (100 = one full core). */
  cpu: StatsSchema,
  /** Over the period's PSS samples only (all null where the group has none: see `processes.memory`). */
  pssBytes: StatsSchema,
  /** Summed per process: a page shared by several of the group's processes counts once for each. */
  rssBytes: StatsSchema,
})
export type GroupRow = z.infer<typeof GroupRowSchema>
export const GroupMemorySchema = z.object({
  /**
   * What byMemory is ranked by: 'pss' where any group has PSS in the period, 'rss' where none has (the
   * period was recorded before the engine kept group PSS). The two are never mixed in one ranking: with
   * 'pss', groups without a PSS sample come last, ranked among themselves by RSS.
   */
  rankedBy: GroupMemoryMeasureSchema,
  /**
   * The start of the first PSS sample's bucket in the period (to its tier's resolution, a minute or an hour
   * on older history), where part of the period's group memory was recorded without PSS: the PSS figures
   * cover only what follows it. Null where PSS covers every group sample, or where there is none.
   */
  pssFrom: Iso.nullable(),
  /** Groups ranked in byMemory that have no PSS sample in the period (listed last, by RSS). */
  withoutPss: z.array(z.string()),
  /** The above in words, for the page. */
  note: z.string(),
})
export type GroupMemory = z.infer<typeof GroupMemorySchema>
export const ProcessesSectionSchema = z.object({
  byCpu: z.array(GroupRowSchema),
  byMemory: z.array(GroupRowSchema),
  memory: GroupMemorySchema,
  /** History keeps process groups, not single processes: said here so the reader knows. */
  note: z.string(),
})
export type ProcessesSection = z.infer<typeof ProcessesSectionSchema>

export const EngineCostSchema = z.object({
  /** Share of one core, over the period. */
  cpu: StatsSchema,
  rssBytes: StatsSchema,
  databaseBytes: z.number().int().nonnegative(),
})

/** The cost analysis (shared/cost.ts) over the period; null where it cannot be run (no cost settings or history). */
export const CostSectionSchema = CostReportSchema.nullable()

export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: Iso,
  host: z.object({ hostname: z.string(), platform: z.string(), cores: z.number().int().nullable(), memoryBytes: NumOrNull }),
  period: z.object({
    from: Iso,
    to: Iso,
    preset: ReportPresetSchema.nullable(),
    /** The history tier the figures come from and its chart bucket width. */
    tier: z.enum(['raw', '1m', '1h']),
    bucketMs: z.number().int().positive(),
  }),
  summary: SummarySchema,
  utilisation: z.array(UtilisationSchema),
  alerts: AlertsSectionSchema,
  scanner: ScannerSectionSchema,
  processes: ProcessesSectionSchema,
  cost: CostSectionSchema,
  engine: EngineCostSchema,
})
export type Report = z.infer<typeof ReportSchema>

/**
 * A report of schema v1, as an engine from before group PSS sends it (the dashboard previews and the
 * desktop prints another engine's report through the hosts relay): its groups carry RSS alone.
 */
const GroupRowV1Schema = GroupRowSchema.omit({ pssBytes: true })
const ReportV1Schema = ReportSchema.extend({
  schemaVersion: z.literal(1),
  processes: z.object({ byCpu: z.array(GroupRowV1Schema), byMemory: z.array(GroupRowV1Schema), note: z.string() }),
})
const NO_PSS: Stats = { min: null, max: null, avg: null }
/** A v1 report read as the current model: ranked by RSS, as it was, and saying why. */
function fromV1(r: z.infer<typeof ReportV1Schema>): Report {
  const row = (g: z.infer<typeof GroupRowV1Schema>) => ({ ...g, pssBytes: NO_PSS })
  const note =
    'This report comes from an older Gapwatch engine (report schema v1), which reports no group PSS: memory is RSS summed per process, which counts a page the processes of a group share once for each of them, so a group sharing memory (a forked pool) shows more than it uses.'
  return {
    ...r,
    schemaVersion: REPORT_SCHEMA_VERSION,
    processes: { byCpu: r.processes.byCpu.map(row), byMemory: r.processes.byMemory.map(row), memory: { rankedBy: 'rss', pssFrom: null, withoutPss: [], note }, note: r.processes.note },
  }
}
/**
 * What a client accepts as a report (the `report` command's reply, the report page's data): the current
 * model, or a v1 one read as it. Told apart by schemaVersion, so a bad reply is refused naming its bad
 * field, not "invalid input".
 */
export const ReportReplySchema = z.discriminatedUnion('schemaVersion', [ReportSchema, ReportV1Schema]).transform((r): Report => (r.schemaVersion === 1 ? fromV1(r) : r))

/** The `report` command and `GET /api/report`: a period by its ends (epoch ms) or a preset ending now; default the last 24 h. */
// Ends within the times the product knows (1970–2200): past ±8.64e15 ms a date has no ISO form and the
// build failed with an internal RangeError ("Invalid time value").
const ReportTimeSchema = z.number().min(MIN_CANDLE_TIME_MS).max(MAX_CANDLE_TIME_MS)
export const ReportParamsSchema = z.object({
  from: ReportTimeSchema.optional(),
  to: ReportTimeSchema.optional(),
  preset: ReportPresetSchema.optional(),
})
export type ReportParams = z.infer<typeof ReportParamsSchema>

// ---- scheduled reports (Settings: reportSchedule; electron/engine/report/schedule.ts) ----

/** True for a cron expression croner reads (5 fields, or 6 with seconds). */
export function isCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true })
    return true
  } catch {
    return false
  }
}
/**
 * Scheduled reports run at most hourly (the shortest period a report covers is a day, and each run
 * prints a PDF with a Chromium): a cron with more runs than that in a day is refused.
 */
export const MIN_REPORT_SCHEDULE_RUNS_PER_DAY = 24
// The two checks below read the cron in UTC as a fixed offset (utcOffset: 0), the same times as
// timezone 'UTC', which croner computes through Intl (isTimeZone says why that is avoided).
/** False when, from its first run on, the schedule runs more than MIN_REPORT_SCHEDULE_RUNS_PER_DAY + 1 times within 24 h. */
export function isAtMostHourly(pattern: string): boolean {
  try {
    const runs = new Cron(pattern, { paused: true, utcOffset: 0 }).nextRuns(MIN_REPORT_SCHEDULE_RUNS_PER_DAY + 1, new Date(0))
    return runs.length <= MIN_REPORT_SCHEDULE_RUNS_PER_DAY || runs.at(-1)!.getTime() - runs[0].getTime() >= 86_400_000
  } catch {
    return true // not a cron at all: isCron says so
  }
}
/** False for a cron that never runs (30 February, 31 April): it was saved without a word. */
export function runsAtAll(pattern: string): boolean {
  try {
    return new Cron(pattern, { paused: true, utcOffset: 0 }).nextRun(new Date(0)) !== null
  } catch {
    return true // not a cron at all: isCron says so
  }
}

export const ReportScheduleSchema = z.object({
  enabled: z.boolean().default(false),
  /** When, as cron in `tz` (default: every weekday at 17:00). */
  cron: z
    .string()
    .max(100)
    .refine(isCron, { message: 'is not a cron expression (e.g. "0 17 * * 1-5": weekdays at 17:00)' })
    .refine(isAtMostHourly, { message: 'runs more often than hourly: each run prints a PDF (e.g. "0 * * * *" is hourly)' })
    .refine(runsAtAll, { message: 'never runs: no such day (30 February, 31 April…)' })
    .default('0 17 * * 1-5'),
  tz: z.string().max(64).refine(isTimeZone, { message: 'is not an IANA time zone (e.g. Europe/London)' }).default('UTC'),
  /** The period each report covers, ending at its run. */
  preset: ReportPresetSchema.default('day'),
  /** Reports kept in the reports folder (older ones are deleted). */
  keep: z.number().int().min(1).max(1000).default(30),
  /** The files each run writes (PDF, JSON or both). */
  formats: z
    .array(ReportFileFormatSchema)
    .min(1, { message: 'pick at least one of PDF and JSON' })
    .refine((f) => new Set(f).size === f.length, { message: 'names a format twice' })
    .default(['pdf', 'json']),
})
export type ReportSchedule = z.infer<typeof ReportScheduleSchema>
export const defaultReportSchedule: ReportSchedule = ReportScheduleSchema.parse({})

/** One scheduled report in the reports folder: its JSON and PDF (absent when printing failed). */
export const StoredReportSchema = z.object({
  name: z.string(),
  at: Iso,
  json: z.string().nullable(),
  pdf: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
})
export type StoredReport = z.infer<typeof StoredReportSchema>

/** The section headings every rendering shows, in order (one source for the page and its tests). */
export const REPORT_SECTIONS = [
  ['summary', 'Summary'],
  ['utilisation', 'Utilisation'],
  ['alerts', 'Alerts'],
  ['scanner', 'FVG scanner'],
  ['processes', 'Processes'],
  ['cost', 'Cost'],
  ['engine', 'Gapwatch’s own cost'],
] as const

/** The JSON Schema of a report (draft 2020-12), as shipped in resources/report.schema.json. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' }),
    $id: `https://gapwatch.app/schema/report-v${REPORT_SCHEMA_VERSION}.json`,
    title: 'Gapwatch report',
  }
}
