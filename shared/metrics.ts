// The metric registry: every series the engine stores (a sample's, the derived ones, the engine's
// own) declared once — its API name as /api/query, history import/export and alert rules spell it,
// a label for people, the unit it is stored and formatted in, gauge or counter, and its Prometheus
// name, labels, base-unit scale and help. Per-core, per-GPU, per-group and per-mode series are
// families: one declaration whose API name has a `{label}` placeholder, one Prometheus name whose
// label carries the value. Glances' per-plugin `fields_description` is the model.
import { z } from 'zod'

/** The units a metric is stored, charted and formatted in (shared/format.ts formatUnit); the report's unit enum reads this list. */
export const METRIC_UNITS = ['percent', 'bytes', 'bytesPerSec', 'opsPerSec', 'celsius', 'watts', 'plain'] as const
export type MetricUnit = (typeof METRIC_UNITS)[number]
export type MetricKind = 'gauge' | 'counter'
/** The label names a family may carry, in the API name and on the Prometheus series. */
export type MetricLabel = 'core' | 'mode' | 'gpu' | 'group'
export type LabelValues = Partial<Record<MetricLabel, string>>

export interface MetricDef {
  /** API name; a family has one `{label}` placeholder: `cpu.core.{core}`. */
  name: string
  /** For people: `CPU core 3`. */
  label: (l: LabelValues) => string
  unit: MetricUnit
  kind: MetricKind
  /** Top of a chart's value axis where the unit has one (a share of all cores: 100 %): also the largest value the metric can have (metricRange). */
  axisMax?: number
  prom: {
    /** In base units (seconds, bytes, ratios); a counter's ends in `_total`. */
    name: string
    help: string
    /** Stored value × scale = the Prometheus value (percent → ratio: 0.01). Default 1. */
    scale?: number
  }
}

/**
 * What separates metric names in a list: `/api/query?metrics=a,b` and `history export --metrics a,b`.
 * The metric grammar has no quoting, so no metric name holds it: a group's name may not either.
 */
export const METRIC_LIST_SEPARATOR = ','

/** What a family's placeholder matches: an index, one of a few words, or a group's name (any text but the list separator). */
const LABEL_PATTERN: Record<MetricLabel, string> = {
  core: '\\d+',
  gpu: '\\d+',
  mode: 'user|system|iowait|steal',
  group: `[^${METRIC_LIST_SEPARATOR}]+`,
}

const fixed = (text: string) => () => text
const CPU_MODE: Record<string, string> = { user: 'user', system: 'system', iowait: 'I/O wait', steal: 'steal' }
const PCT = 0.01

const DECLARED = [
  { name: 'cpu.total', label: fixed('CPU total'), unit: 'percent', kind: 'gauge', axisMax: 100, prom: { name: 'gapwatch_cpu_busy_ratio', help: 'Busy share of all cores over the last sample interval (0-1).', scale: PCT } },
  { name: 'cpu.{mode}', label: (l) => `CPU ${CPU_MODE[l.mode ?? ''] ?? l.mode}`, unit: 'percent', kind: 'gauge', axisMax: 100, prom: { name: 'gapwatch_cpu_mode_ratio', help: 'Share of all cores spent in a mode (user, system, iowait, steal) over the last sample interval (0-1).', scale: PCT } },
  { name: 'cpu.core.{core}', label: (l) => `CPU core ${l.core}`, unit: 'percent', kind: 'gauge', axisMax: 100, prom: { name: 'gapwatch_cpu_core_busy_ratio', help: 'Busy share of one core over the last sample interval (0-1).', scale: PCT } },
  { name: 'load.1', label: fixed('Load (1 min)'), unit: 'plain', kind: 'gauge', prom: { name: 'gapwatch_load1', help: 'Load average over 1 minute: runnable and uninterruptible tasks.' } },
  { name: 'mem.used', label: fixed('Memory used'), unit: 'bytes', kind: 'gauge', prom: { name: 'gapwatch_memory_used_bytes', help: 'Memory in use: total minus available.' } },
  { name: 'mem.available', label: fixed('Memory available'), unit: 'bytes', kind: 'gauge', prom: { name: 'gapwatch_memory_available_bytes', help: 'Memory available for new work without swapping (MemAvailable).' } },
  { name: 'mem.cached', label: fixed('Memory cached'), unit: 'bytes', kind: 'gauge', prom: { name: 'gapwatch_memory_cached_bytes', help: 'Page cache.' } },
  { name: 'mem.used_pct', label: fixed('Memory used %'), unit: 'percent', kind: 'gauge', axisMax: 100, prom: { name: 'gapwatch_memory_used_ratio', help: 'Memory in use as a share of the total (0-1).', scale: PCT } },
  { name: 'swap.used', label: fixed('Swap used'), unit: 'bytes', kind: 'gauge', prom: { name: 'gapwatch_swap_used_bytes', help: 'Swap in use.' } },
  { name: 'swap.used_pct', label: fixed('Swap used %'), unit: 'percent', kind: 'gauge', axisMax: 100, prom: { name: 'gapwatch_swap_used_ratio', help: 'Swap in use as a share of the swap space (0-1).', scale: PCT } },
  { name: 'fs.used_pct_max', label: fixed('Fullest filesystem'), unit: 'percent', kind: 'gauge', axisMax: 100, prom: { name: 'gapwatch_filesystem_fullest_used_ratio', help: 'Used share of the fullest mounted filesystem as df computes it, used / (used + available) (0-1).', scale: PCT } },
  { name: 'disk.read_bps', label: fixed('Disk read'), unit: 'bytesPerSec', kind: 'gauge', prom: { name: 'gapwatch_disk_read_bytes_per_second', help: 'Bytes read from all disks per second over the last sample interval.' } },
  { name: 'disk.write_bps', label: fixed('Disk write'), unit: 'bytesPerSec', kind: 'gauge', prom: { name: 'gapwatch_disk_written_bytes_per_second', help: 'Bytes written to all disks per second over the last sample interval.' } },
  { name: 'disk.read_ops', label: fixed('Disk read ops'), unit: 'opsPerSec', kind: 'gauge', prom: { name: 'gapwatch_disk_reads_per_second', help: 'Read operations completed on all disks per second over the last sample interval.' } },
  { name: 'disk.write_ops', label: fixed('Disk write ops'), unit: 'opsPerSec', kind: 'gauge', prom: { name: 'gapwatch_disk_writes_per_second', help: 'Write operations completed on all disks per second over the last sample interval.' } },
  { name: 'net.rx_bps', label: fixed('Network received'), unit: 'bytesPerSec', kind: 'gauge', prom: { name: 'gapwatch_network_receive_bytes_per_second', help: 'Bytes received on all interfaces per second over the last sample interval.' } },
  { name: 'net.tx_bps', label: fixed('Network sent'), unit: 'bytesPerSec', kind: 'gauge', prom: { name: 'gapwatch_network_transmit_bytes_per_second', help: 'Bytes sent on all interfaces per second over the last sample interval.' } },
  { name: 'gpu.{gpu}.util', label: (l) => `GPU ${l.gpu} utilization`, unit: 'percent', kind: 'gauge', axisMax: 100, prom: { name: 'gapwatch_gpu_utilization_ratio', help: 'Share of time a GPU was busy (nvidia-smi utilization.gpu, 0-1).', scale: PCT } },
  { name: 'gpu.{gpu}.mem_used', label: (l) => `GPU ${l.gpu} VRAM used`, unit: 'bytes', kind: 'gauge', prom: { name: 'gapwatch_gpu_memory_used_bytes', help: 'GPU memory in use.' } },
  { name: 'gpu.{gpu}.temp', label: (l) => `GPU ${l.gpu} temperature`, unit: 'celsius', kind: 'gauge', prom: { name: 'gapwatch_gpu_temperature_celsius', help: 'GPU core temperature.' } },
  { name: 'gpu.{gpu}.power', label: (l) => `GPU ${l.gpu} power`, unit: 'watts', kind: 'gauge', prom: { name: 'gapwatch_gpu_power_watts', help: 'GPU power draw.' } },
  { name: 'group.{group}.cpu', label: (l) => `${l.group} CPU`, unit: 'percent', kind: 'gauge', prom: { name: 'gapwatch_group_cpu_ratio', help: 'CPU of the processes of a process group, as a share of one core (2 = two full cores); on Linux with members that ended between two process scans, from their parents\' reaped-children time.', scale: PCT } },
  { name: 'group.{group}.pss', label: (l) => `${l.group} memory`, unit: 'bytes', kind: 'gauge', prom: { name: 'gapwatch_group_pss_bytes', help: 'Proportional set size of the processes of a process group: a page shared by several processes is split among them, so counted once (RSS where PSS cannot be read).' } },
  { name: 'group.{group}.rss', label: (l) => `${l.group} RSS`, unit: 'bytes', kind: 'gauge', prom: { name: 'gapwatch_group_resident_memory_bytes', help: 'Resident memory of the processes of a process group, summed: a page shared by several processes counts once per process (see gapwatch_group_pss_bytes).' } },
  { name: 'engine.cpu', label: fixed('Engine CPU'), unit: 'percent', kind: 'gauge', prom: { name: 'gapwatch_engine_cpu_ratio', help: 'CPU of the engine and its pool workers, as a share of one core over the last sample interval.', scale: PCT } },
  { name: 'engine.rss', label: fixed('Engine memory'), unit: 'bytes', kind: 'gauge', prom: { name: 'gapwatch_engine_resident_memory_bytes', help: 'Resident memory of the engine and its pool workers.' } },
  { name: 'pool.throughput', label: fixed('Pool throughput (candles/s)'), unit: 'plain', kind: 'gauge', prom: { name: 'gapwatch_pool_candles_per_second', help: 'Candles the scanner pool scanned per second over the last minute; absent while the pool is idle.' } },
  { name: 'pool.busy_workers', label: fixed('Pool workers busy'), unit: 'plain', kind: 'gauge', prom: { name: 'gapwatch_pool_busy_workers', help: 'Scanner pool workers running a job.' } },
  { name: 'pool.worker_crashes', label: fixed('Pool worker crashes'), unit: 'plain', kind: 'gauge', prom: { name: 'gapwatch_pool_worker_crashes', help: 'Scanner pool workers that ended on their own (crashed) since the previous sample.' } },
  { name: 'cost.monthly', label: fixed('Monthly cost'), unit: 'plain', kind: 'gauge', prom: { name: 'gapwatch_cost_monthly', help: "What the current capacity costs a month, in the pricing's currency (Settings → Cost), recomputed every 10 min." } },
  { name: 'cost.per_trade', label: fixed('Cost per trade'), unit: 'plain', kind: 'gauge', prom: { name: 'gapwatch_cost_per_trade', help: "The current capacity's cost per trade, in the pricing's currency, recomputed every 10 min; absent without trade counts." } },
  { name: 'cost.idle_share', label: fixed('Idle CPU share (cost)'), unit: 'percent', kind: 'gauge', axisMax: 100, prom: { name: 'gapwatch_cost_idle_cpu_ratio', help: 'CPU capacity paid for and not used over the cost look-back (0-1), recomputed every 10 min.', scale: PCT } },
] as const satisfies readonly MetricDef[]

export const METRICS: readonly MetricDef[] = DECLARED
/** A declared API name or family (`cpu.total`, `cpu.core.{core}`): code names metrics through this type, never a bare string. */
export type MetricFamily = (typeof DECLARED)[number]['name']

/**
 * The cost figures as series (electron/engine/cost/alert-metrics.ts): computed from the cost report
 * every 10 minutes, not per sample, stored and evaluated by alert rules like the sampled ones.
 */
export const COST_METRICS = {
  monthly: 'cost.monthly',
  perTrade: 'cost.per_trade',
  idleShare: 'cost.idle_share',
} as const

/**
 * A process group's memory by measure (shared/report.ts ranks by it): PSS, a page its processes share
 * counted once; RSS summed per process, counted once per process.
 */
export const GROUP_MEMORY_METRICS = {
  pss: 'group.{group}.pss',
  rss: 'group.{group}.rss',
} as const satisfies Record<string, MetricFamily>

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

interface Compiled {
  def: MetricDef
  re: RegExp
  label: MetricLabel | null
}

const compile = (patterns: Record<MetricLabel, string>): readonly Compiled[] =>
  METRICS.map((def) => {
    const m = /\{(\w+)\}/.exec(def.name)
    if (!m) return { def, re: new RegExp(`^${escapeRe(def.name)}$`), label: null }
    const label = m[1] as MetricLabel
    const [before, after] = def.name.split(m[0])
    return { def, re: new RegExp(`^${escapeRe(before)}(${patterns[label]})${escapeRe(after)}$`), label }
  })
const COMPILED = compile(LABEL_PATTERN)
/**
 * The grammar before a group's name was refused the list separator: `group.py,thon.cpu`. Alert rules
 * written then still name such groups (rules.yaml and the kept last good rules): they stay valid rules,
 * read a group that can no longer be configured and get its no-process-group warning, rather than
 * failing the whole file and leaving the user with the defaults.
 */
const COMPILED_ANY_GROUP = compile({ ...LABEL_PATTERN, group: '.+' })

export interface ResolvedMetric {
  def: MetricDef
  labels: LabelValues
}

/** Longest API name accepted (a group's name is user text). */
export const MAX_METRIC_NAME = 200

/** The declaration of a stored metric name and its label values, or null for a name Gapwatch does not record (anyGroupName: a group's name may hold the list separator, as alert rules may: COMPILED_ANY_GROUP). */
export function resolveMetric(name: string, opts: { anyGroupName?: boolean } = {}): ResolvedMetric | null {
  if (name.length === 0 || name.length > MAX_METRIC_NAME) return null
  for (const c of opts.anyGroupName === true ? COMPILED_ANY_GROUP : COMPILED) {
    const m = c.re.exec(name)
    if (m) return { def: c.def, labels: c.label ? { [c.label]: m[1] } : {} }
  }
  return null
}

/** True for a name the store keeps (cpu.total, cpu.core.3, gpu.1.temp, group.<name>.cpu, mem.used_pct…). */
export function isKnownMetric(name: string): boolean {
  return resolveMetric(name) !== null
}

/** The API name of a family member: metricName('cpu.core.{core}', { core: '3' }) → `cpu.core.3`. */
export function metricName(family: MetricFamily, labels: LabelValues = {}): string {
  return family.replace(/\{(\w+)\}/, (_, l: MetricLabel) => labels[l] ?? '')
}

/** Whether a stored name belongs to a family: isFamily('cpu.core.3', 'cpu.core.{core}') → true. */
export function isFamily(name: string, family: MetricFamily): boolean {
  return resolveMetric(name)?.def.name === family
}

/** A family's unit, for a chart drawing its members. */
export function unitOfFamily(family: MetricFamily): MetricUnit {
  return DECLARED.find((d) => d.name === family)?.unit ?? 'plain'
}

/** The unit of a metric name; 'plain' for an unknown one. */
export function unitOfMetric(name: string): MetricUnit {
  return resolveMetric(name)?.def.unit ?? 'plain'
}

/** A human label for a metric name: "cpu.core.3" → "CPU core 3"; an unknown name as it is. */
export function metricLabel(name: string): string {
  const r = resolveMetric(name)
  return r ? r.def.label(r.labels) : name
}

/** The top of a chart's value axis for the metric, where its unit has one (percent of all cores: 100). */
export function axisMaxOf(name: string): number | undefined {
  return resolveMetric(name)?.def.axisMax
}

/** The largest value any metric may have: far beyond a real reading (1 EB, 1e18 ops/s), and a rollup's sum of many such values stays finite. */
export const MAX_METRIC_VALUE = 1e18

/** The least value of each unit: shares, sizes, rates, watts and the plain counts and amounts (load, candles/s, cost) are never negative. */
const UNIT_MIN: Record<MetricUnit, number> = { percent: 0, bytes: 0, bytesPerSec: 0, opsPerSec: 0, celsius: -273.15, watts: 0, plain: 0 }

/**
 * The values a metric can have (history import refuses others): its unit's least value up to its
 * axisMax where the unit has a top (a share of all cores: 0–100), else up to MAX_METRIC_VALUE
 * (a group's CPU is a share of one core: 800 % on eight). Null for a name Gapwatch does not record.
 */
export function metricRange(name: string): { min: number; max: number } | null {
  const def = resolveMetric(name)?.def
  return def === undefined ? null : { min: UNIT_MIN[def.unit], max: def.axisMax ?? MAX_METRIC_VALUE }
}

export const METRIC_EXAMPLES = 'e.g. cpu.total, mem.used_pct, gpu.0.temp, group.NAME.cpu, cost.per_trade'

/** A metric name as the API takes it: checked against the registry. */
export const MetricNameSchema = z
  .string()
  .min(1)
  .refine(isKnownMetric, { message: `is not a metric Gapwatch records (${METRIC_EXAMPLES})` })

/** A metric name as an alert rule takes it: MetricNameSchema's, or a group's whose name holds the list separator (COMPILED_ANY_GROUP). */
export const RuleMetricSchema = z
  .string()
  .min(1)
  .refine((n) => resolveMetric(n, { anyGroupName: true }) !== null, { message: `is not a metric Gapwatch records (${METRIC_EXAMPLES})` })

/**
 * Series only /metrics exports (not stored, no API name): the engine's own cost beyond engine.cpu and
 * engine.rss, in base units. electron/engine/metrics/engine-metrics.ts gives each its value; a new
 * gapwatch_engine_* series (event-loop delay, …) is one line here and one there.
 */
export const ENGINE_PROM_METRICS = {
  gapwatch_engine_pss_bytes: { kind: 'gauge', help: 'Proportional set size of the engine and its pool workers (RSS where PSS is unreadable).' },
  gapwatch_engine_disk_written_bytes_total: { kind: 'counter', help: 'Bytes the engine and its pool workers caused to be written to storage since the engine started.' },
  gapwatch_engine_processes: { kind: 'gauge', help: 'Processes of the engine: itself and its live pool workers.' },
  gapwatch_engine_database_bytes: { kind: 'gauge', help: 'Size of the history database, its WAL and shared-memory files.' },
  gapwatch_engine_event_loop_delay_p50_seconds: { kind: 'gauge', help: "Event-loop delay of the engine's thread, median over the last 10-20 s." },
  gapwatch_engine_event_loop_delay_p99_seconds: { kind: 'gauge', help: "Event-loop delay of the engine's thread, 99th percentile over the last 10-20 s." },
  gapwatch_engine_event_loop_delay_max_seconds: { kind: 'gauge', help: "Event-loop delay of the engine's thread, maximum over the last 10-20 s." },
  gapwatch_engine_tick_duration_seconds: { kind: 'gauge', help: 'Wall time of the last sampler tick.' },
  gapwatch_engine_collector_duration_seconds: { kind: 'gauge', help: 'Wall time of each collector in the last sampler tick, by collector.' },
} as const satisfies Record<string, { kind: MetricKind; help: string }>
export type EnginePromMetric = keyof typeof ENGINE_PROM_METRICS

/** Series only /metrics exports about the engine's work: the scanner pool and the alerts firing. */
export const STATUS_PROM_METRICS = {
  gapwatch_pool_workers: { kind: 'gauge', help: 'Worker processes in the scanner pool.' },
  gapwatch_pool_jobs_queued: { kind: 'gauge', help: 'Scan jobs waiting for a worker.' },
  gapwatch_pool_jobs_running: { kind: 'gauge', help: 'Scan jobs running.' },
  gapwatch_pool_jobs_finished_total: { kind: 'counter', help: 'Scan jobs finished since the engine started, by outcome (done, failed, cancelled).' },
  gapwatch_pool_candles_per_second: { kind: 'gauge', help: 'Candles the pool scanned per second, recently.' },
  gapwatch_pool_fvgs_per_second: { kind: 'gauge', help: 'Fair Value Gaps the pool found per second, recently.' },
  gapwatch_alerts_firing: { kind: 'gauge', help: 'Gapwatch alerts firing now, by severity (muted ones included).' },
} as const satisfies Record<string, { kind: MetricKind; help: string }>
export type StatusPromMetric = keyof typeof STATUS_PROM_METRICS

/**
 * Series only /metrics exports from a sample beside the stored ones: per interface and per
 * filesystem (the store keeps the totals and the fullest filesystem), and the memory and swap sizes.
 */
export const SAMPLE_PROM_METRICS = {
  gapwatch_memory_total_bytes: { kind: 'gauge', help: 'Physical memory.' },
  gapwatch_swap_total_bytes: { kind: 'gauge', help: 'Swap space.' },
  gapwatch_network_interface_receive_bytes_per_second: { kind: 'gauge', help: 'Bytes received per second on an interface over the last sample interval.' },
  gapwatch_network_interface_transmit_bytes_per_second: { kind: 'gauge', help: 'Bytes sent per second on an interface over the last sample interval.' },
  gapwatch_filesystem_size_bytes: { kind: 'gauge', help: 'Size of a mounted filesystem, by device and mount point.' },
  gapwatch_filesystem_used_bytes: { kind: 'gauge', help: 'Used space of a mounted filesystem, by device and mount point.' },
  gapwatch_filesystem_available_bytes: { kind: 'gauge', help: 'Space an unprivileged process can still write on a mounted filesystem (not reserved for root), by device and mount point.' },
} as const satisfies Record<string, { kind: MetricKind; help: string }>
export type SamplePromMetric = keyof typeof SAMPLE_PROM_METRICS
