// Alert rules, alert states and the alert log: the zod schemas and types, declared once for the
// engine (electron/engine/alerts), the CLI (`gapwatch rules`), the contract and the dashboard.
// The rules file (`rules.yaml`) is these schemas in snake_case, durations as in Prometheus (durations.ts).
import { z } from 'zod'
import { TargetUrlSchema } from './url.ts'
import { filesystemUsedPct, type Sample } from './sample.ts'
import { COST_METRICS, RuleMetricSchema, metricName } from './metrics.ts'
import { MAX_ATR_PERIOD } from './fvg.ts'
import { DurationSchema, boundedDuration, parsePromDuration } from './durations.ts'
import { MAX_CANDLE_TIME_MS, MAX_LABEL_NAME_CHARS, MAX_LABEL_VALUE_CHARS, MAX_RULES, MAX_SILENCE_LABELS, MAX_WEBHOOK_TIMEOUT_MS, MIN_CANDLE_TIME_MS, MIN_WEBHOOK_TIMEOUT_MS } from './limits.ts'

// A time a client gives (a silence's end, a backtest's ends) within the times the product knows
// (1970–2200): a silence until 1e300 was stored, and every dashboard that showed it went blank
// (no ISO form past ±8.64e15 ms: "Invalid time value").
const ClientTimeSchema = z
  .number()
  .finite()
  .min(MIN_CANDLE_TIME_MS, 'must be a time from 1970 on (epoch ms)')
  .max(MAX_CANDLE_TIME_MS, 'must be a time before 2200 (epoch ms)')

// ---- metric names: the series the store keeps (shared/sample.ts metricsOf) plus derived ones ----

/** Series computed from a sample for alerting (and stored, so backtests and charts see them too). */
export function derivedMetricsOf(s: Sample): Array<[string, number]> {
  const out: Array<[string, number]> = []
  if (s.memory.totalBytes > 0) out.push([metricName('mem.used_pct'), (s.memory.usedBytes / s.memory.totalBytes) * 100])
  if (s.memory.swapTotalBytes > 0) out.push([metricName('swap.used_pct'), (s.memory.swapUsedBytes / s.memory.swapTotalBytes) * 100])
  if (s.filesystems && s.filesystems.length > 0) {
    let worst = 0
    for (const f of s.filesystems) if (f.sizeBytes > 0) worst = Math.max(worst, filesystemUsedPct(f))
    out.push([metricName('fs.used_pct_max'), worst])
  }
  return out
}

export { isKnownMetric } from './metrics.ts'

/**
 * The worker pool as series, recorded with each sample (electron/engine/alerts/pool-metrics.ts):
 * candles scanned per second over the last minute (only while the pool works: an idle pool has no
 * throughput, not a throughput of 0), workers busy, and worker processes that crashed since the
 * previous sample (ended on their own mid-job or idle; not the exits the pool asked for).
 */
export const POOL_METRICS = {
  throughput: metricName('pool.throughput'),
  busyWorkers: metricName('pool.busy_workers'),
  workerCrashes: metricName('pool.worker_crashes'),
} as const
/** Series that exist only while something runs (or is configured: cost per trade needs trade counts): their absence is not "no data". */
export const INTERMITTENT_METRICS: ReadonlySet<string> = new Set([POOL_METRICS.throughput, ...Object.values(COST_METRICS)])

// ---- rules ----

export const SEVERITIES = ['info', 'warning', 'critical'] as const
export const SeveritySchema = z.enum(SEVERITIES)
export type Severity = z.infer<typeof SeveritySchema>
/** delta: last minus first value in the window (a series growing over the window has delta > 0). */
export const AggregateSchema = z.enum(['last', 'avg', 'max', 'min', 'p95', 'delta'])
export type Aggregate = z.infer<typeof AggregateSchema>
export const OpSchema = z.enum(['>', '>=', '<', '<='])
export type Op = z.infer<typeof OpSchema>

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
const HhMmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)')
/**
 * Whether Intl knows the IANA time zone. 'UTC', every schedule's and session's default, is answered
 * without Intl: a serve whose settings or rules only name it never touches ICU, whose first use
 * keeps ~6 MiB of the node binary's ICU data and code resident (issue 15).
 */
export function isTimeZone(tz: string): boolean {
  if (tz === 'UTC') return true
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** An active window: the rule is evaluated only on these days between from and to, in a time zone. */
export const SessionSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  from: HhMmSchema,
  /** Before `from` means the session runs past midnight. */
  to: HhMmSchema,
  tz: z.string().refine(isTimeZone, { message: 'is not an IANA time zone (e.g. Europe/London)' }).default('UTC'),
})
export type Session = z.infer<typeof SessionSchema>

export const WebhookSchema = z.object({
  url: TargetUrlSchema,
  timeout: boundedDuration(MIN_WEBHOOK_TIMEOUT_MS, MAX_WEBHOOK_TIMEOUT_MS).default('5s'),
  retries: z.number().int().min(0).max(10).default(3),
})
export type Webhook = z.infer<typeof WebhookSchema>

const LabelsSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'label names are letters, digits and _'), z.string().max(MAX_LABEL_VALUE_CHARS))
  .default({})

const RuleNameSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and . _ : -')
/** What every rule kind has for delivery: how loud, its labels, its text, when and where. */
const delivery = {
  severity: SeveritySchema.default('warning'),
  labels: LabelsSchema,
  message: z.string().max(500).optional(),
  session: SessionSchema.optional(),
  webhook: WebhookSchema.optional(),
  enabled: z.boolean().default(true),
}
const common = {
  name: RuleNameSchema,
  metric: RuleMetricSchema,
  for: DurationSchema.default('0s'),
  keep_firing_for: DurationSchema.default('0s'),
  ...delivery,
}

export const ThresholdRuleSchema = z
  .object({
    kind: z.literal('threshold').default('threshold'),
    ...common,
    aggregate: AggregateSchema.default('last'),
    window: DurationSchema.default('1m'),
    op: OpSchema.default('>'),
    threshold: z.number().finite(),
    clear: z.number().finite().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.clear === undefined) return
    const above = r.op === '>' || r.op === '>='
    if (above ? r.clear > r.threshold : r.clear < r.threshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['clear'],
        message: `must be ${above ? 'at or below' : 'at or above'} the threshold ${r.threshold} for op '${r.op}'`,
      })
    }
    if (r.aggregate !== 'last' && (parsePromDuration(r.window) ?? 0) <= 0) {
      ctx.addIssue({ code: 'custom', path: ['window'], message: `must be longer than 0s for aggregate ${r.aggregate}` })
    }
  })

/**
 * A rule without a fixed threshold: the value's distance from its usual level, in units of its usual
 * spread (EWMA mean and deviation, or the median and MAD of the last `window`). `floor` is the least
 * absolute distance that counts, so an idle machine does not alert on noise; nothing fires before
 * `warmup` of data.
 */
export const AnomalyRuleSchema = z
  .object({
    kind: z.literal('anomaly'),
    ...common,
    /** relative: the value against the window's median, `score` a fraction of it (0.5: half the median away). */
    method: z.enum(['ewma', 'mad', 'relative']).default('ewma'),
    /** EWMA: the half-life of the mean; MAD and relative: the window of the median. */
    window: DurationSchema.default('10m'),
    /** Score (z for EWMA, robust z for MAD, a fraction of the median for relative) at or past which the value is anomalous. */
    score: z.number().positive().default(4),
    direction: z.enum(['up', 'down', 'both']).default('up'),
    warmup: DurationSchema.default('10m'),
    floor: z.number().nonnegative().default(0),
  })
  .strict()

// ---- FVG rules: one-shot alerts on the scanner's live FVG events ----

export const FVG_ALERT_EVENTS = ['created', 'mitigated'] as const
/**
 * The least gap height that alerts: in pips (`pip` price units, default from the symbol), in percent
 * of the gap's bottom edge (as the scanner's own percent filter), or in multiples of the ATR(`period`)
 * of the candles before the gap.
 */
export const FvgMinSizeSchema = z
  .object({
    unit: z.enum(['pips', 'percent', 'atr']),
    value: z.number().finite().nonnegative(),
    period: z.number().int().min(1).max(MAX_ATR_PERIOD).default(14),
    pip: z.number().finite().positive().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.pip !== undefined && m.unit !== 'pips') ctx.addIssue({ code: 'custom', path: ['pip'], message: `applies to unit pips only, not ${m.unit}` })
  })
export type FvgMinSize = z.infer<typeof FvgMinSizeSchema>

export const FvgRuleSchema = z
  .object({
    kind: z.literal('fvg'),
    name: RuleNameSchema,
    /** Which live events alert (a merged zone extends one already alerted, so it does not). */
    events: z.array(z.enum(FVG_ALERT_EVENTS)).min(1).default(['created']),
    /** Watched symbols and timeframes; empty means every one. */
    symbols: z.array(z.string().min(1).max(40)).max(500).default([]),
    timeframes: z.array(z.string().min(1).max(20)).max(50).default([]),
    direction: z.enum(['bull', 'bear', 'both']).default('both'),
    min_size: FvgMinSizeSchema.optional(),
    ...delivery,
    severity: SeveritySchema.default('info'),
  })
  .strict()

/** One pip in price units: 0.01 for yen pairs, 0.0001 otherwise (a rule's `pip` overrides it). */
export function pipSize(symbol: string): number {
  return /JPY/i.test(symbol) ? 0.01 : 0.0001
}

export const RuleSchema = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !('kind' in v) ? { ...v, kind: 'threshold' } : v),
  z.discriminatedUnion('kind', [ThresholdRuleSchema, AnomalyRuleSchema, FvgRuleSchema]),
)
export type ThresholdRule = z.infer<typeof ThresholdRuleSchema>
export type AnomalyRule = z.infer<typeof AnomalyRuleSchema>
export type FvgRule = z.infer<typeof FvgRuleSchema>
/** A rule on a sampled series (evaluated after each sample, with states); FVG rules are one-shot events. */
export type MetricRule = ThresholdRule | AnomalyRule
export type Rule = MetricRule | FvgRule
export type FvgRuleInput = z.input<typeof FvgRuleSchema>

/**
 * A rule's fields that change only how its alert is delivered, not when it holds: an edit of these
 * alone keeps the alert's state (a firing alert goes on firing, with the new text), as Prometheus
 * keeps an alert across a reload of the same expression and `for`.
 */
export const RULE_DELIVERY_FIELDS = ['severity', 'labels', 'message', 'webhook'] as const

/** Whether two rules hold at the same samples (they differ at most in RULE_DELIVERY_FIELDS). */
export function sameCondition(a: Rule, b: Rule): boolean {
  const strip = (r: Rule): Record<string, unknown> => {
    const o: Record<string, unknown> = { ...r }
    for (const k of RULE_DELIVERY_FIELDS) delete o[k]
    return o
  }
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b))
}

export function isMetricRule(r: Rule): r is MetricRule {
  return r.kind !== 'fvg'
}
export type ThresholdRuleInput = Omit<z.input<typeof ThresholdRuleSchema>, 'kind'> & { kind?: 'threshold' }
export type AnomalyRuleInput = z.input<typeof AnomalyRuleSchema>
/** A rule as written (defaults may be omitted; `kind` defaults to threshold). */
export type RuleInput = ThresholdRuleInput | AnomalyRuleInput | FvgRuleInput

export const RulesFileSchema = z
  .object({ rules: z.array(RuleSchema).max(MAX_RULES, `at most ${MAX_RULES} rules`).default([]) })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>()
    f.rules.forEach((r, i) => {
      if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `"${r.name}" is used by another rule` })
      seen.add(r.name)
    })
  })
export type RulesFile = z.infer<typeof RulesFileSchema>

/** The message a rule gets when it names none. */
export function defaultMessage(r: Rule): string {
  if (r.kind === 'fvg') return '{{symbol}} {{timeframe}}: {{direction}} FVG {{event}}, {{top}}–{{bottom}} ({{size}})'
  if (r.kind === 'anomaly') return `${r.metric} unusual: {{value}} (expected within {{threshold}}) for {{for}}`
  return `${r.metric} ${r.aggregate === 'last' ? '' : `${r.aggregate} over ${r.window} `}{{value}} ${r.op} {{threshold}} for {{for}}`
}

/** Fills `{{value}}`, `{{threshold}}`, `{{for}}`, `{{labels.x}}` and any of `vars` (FVG: `{{symbol}}`…). */
export function renderMessage(
  template: string,
  v: { value: number | null; threshold: string; for: string; labels: Record<string, string>; vars?: Record<string, string> },
): string {
  return template.replace(/\{\{\s*([a-z_.]+)\s*\}\}/gi, (whole, key: string) => {
    if (key === 'value') return v.value === null ? 'n/a' : formatValue(v.value)
    if (key === 'threshold') return v.threshold
    if (key === 'for') return v.for
    if (key.startsWith('labels.')) return v.labels[key.slice(7)] ?? ''
    if (v.vars !== undefined && Object.hasOwn(v.vars, key)) return v.vars[key]
    return whole
  })
}

export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  const a = Math.abs(x)
  if (a >= 1e6) return x.toExponential(3)
  return String(Math.round(x * (a >= 100 ? 10 : 100)) / (a >= 100 ? 10 : 100))
}

// ---- states, alerts, the log ----

export const AlertStateSchema = z.enum(['inactive', 'pending', 'firing', 'resolved'])
export type AlertState = z.infer<typeof AlertStateSchema>
/** Why a firing alert is not delivered: a silence, a firing critical of its group, or no data for its metric. */
export const MutedSchema = z.enum(['silenced', 'inhibited', 'no-data']).nullable()
export type Muted = z.infer<typeof MutedSchema>

export const AlertSchema = z.object({
  rule: z.string(),
  metric: z.string(),
  severity: SeveritySchema,
  labels: z.record(z.string(), z.string()),
  state: AlertStateSchema,
  /** Epoch ms: when pending began (the condition first held). */
  activeAt: z.number(),
  /** Epoch ms when it started firing; null while pending. */
  firedAt: z.number().nullable(),
  /** Set on the `resolved` event. */
  resolvedAt: z.number().nullable(),
  value: z.number().nullable(),
  message: z.string(),
  muted: MutedSchema,
  acknowledgedAt: z.number().nullable(),
})
export type Alert = z.infer<typeof AlertSchema>

export const AlertLogEntrySchema = z.object({
  id: z.number().int(),
  t: z.number(),
  rule: z.string(),
  severity: SeveritySchema,
  state: AlertStateSchema,
  value: z.number().nullable(),
  message: z.string(),
  muted: MutedSchema,
})
export type AlertLogEntry = z.infer<typeof AlertLogEntrySchema>

export const SilenceSchema = z.object({
  id: z.number().int(),
  /** A rule name, or null for every rule whose labels match. */
  rule: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  until: z.number(),
  comment: z.string(),
  createdAt: z.number(),
})
export type Silence = z.infer<typeof SilenceSchema>

/** One firing found by a backtest (the JSON shape of `gapwatch rules backtest --json`). */
export const FiringSchema = z.object({
  rule: z.string(),
  severity: SeveritySchema,
  /** ISO 8601 UTC: the first sample at which it fires. */
  start: z.string(),
  /** ISO 8601 UTC: the first sample at which it no longer fires; null while still firing at the end. */
  end: z.string().nullable(),
  peak: z.number(),
})
export type Firing = z.infer<typeof FiringSchema>

/**
 * One webhook delivery (after its retries), as the delivery log keeps it. `superseded`: a newer state
 * of its alert replaced it before it was delivered (engine/alerts/webhook.ts), so it was not (re)sent.
 */
export const DeliverySchema = z.object({
  t: z.number(),
  rule: z.string(),
  url: z.string(),
  status: z.enum(['delivered', 'failed', 'superseded']),
  attempts: z.number().int(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
})
export type Delivery = z.infer<typeof DeliverySchema>

// ---- contract parameters ----

export const RuleNameParamsSchema = z.object({ name: z.string().min(1) })
export const RulesSaveParamsSchema = z.object({ rule: RuleSchema })
export const BacktestParamsSchema = z.object({
  rule: RuleSchema,
  from: ClientTimeSchema,
  to: ClientTimeSchema,
})
export const BacktestResultSchema = z.object({
  tier: z.enum(['raw', '1m', '1h']),
  stepMs: z.number(),
  points: z.number().int(),
  firings: z.array(FiringSchema),
})
export type BacktestResult = z.infer<typeof BacktestResultSchema>
export const AlertLogParamsSchema = z.object({
  rule: z.string().optional(),
  severity: SeveritySchema.optional(),
  from: z.number().optional(),
  to: z.number().optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
})
export type AlertLogParams = z.infer<typeof AlertLogParamsSchema>
/**
 * A silence's labels: at most MAX_SILENCE_LABELS, each name and value bounded (values as a rule's
 * label values). Checked in one pass that stops at the first fault: 200 long values made 200 issues.
 */
const SilenceLabelsSchema = z.record(z.string(), z.string()).superRefine((l, ctx) => {
  const names = Object.keys(l)
  const clip = (t: string) => `"${t.slice(0, 20)}${t.length > 20 ? '…' : ''}"`
  if (names.length > MAX_SILENCE_LABELS) return void ctx.addIssue({ code: 'custom', message: `at most ${MAX_SILENCE_LABELS} labels (${names.length} given)` })
  const name = names.find((n) => n.length === 0 || n.length > MAX_LABEL_NAME_CHARS)
  if (name !== undefined) return void ctx.addIssue({ code: 'custom', message: `a label name is 1 to ${MAX_LABEL_NAME_CHARS} characters (${clip(name)} has ${name.length})` })
  const long = names.find((n) => l[n].length > MAX_LABEL_VALUE_CHARS)
  if (long !== undefined) ctx.addIssue({ code: 'custom', path: [long], message: `at most ${MAX_LABEL_VALUE_CHARS} characters (${l[long].length} given)` })
})
export const SilenceParamsSchema = z.object({
  /** A rule's name or a system alert's (`no-data:METRIC`): bounded as a label value (it is the alertname label). */
  rule: z.string().min(1).max(MAX_LABEL_VALUE_CHARS).nullable().default(null),
  labels: SilenceLabelsSchema.default({}),
  /** Epoch ms when the silence ends. */
  until: ClientTimeSchema,
  comment: z.string().max(500).default(''),
})
export const AlertEventSchema = AlertSchema.extend({
  /** False when muted, or a repeat of what was already delivered (e.g. after a restart). */
  notify: z.boolean(),
})
export type AlertEvent = z.infer<typeof AlertEventSchema>

/** A webhook delivery not yet done (queued or retrying): kept in the store, sent again after a restart. */
export const OwedDeliverySchema = z.object({ event: AlertEventSchema, url: z.string() })
export type OwedDelivery = z.infer<typeof OwedDeliverySchema>
