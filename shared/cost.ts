// Cost analysis: what the machine costs, what it needs, and what right-sizing would save.
// The inputs (Settings → Cost, `gapwatch cost` flags, the `cost` command's what-if overrides) and the
// report are declared here once; the analysis itself lives in electron/engine/cost/.
// Units: memory in GB of 10^9 bytes, money in the pricing's currency, 730 hours per month.
import { z } from 'zod'
import { IsoDateSchema } from './iso-time.ts'

export const HOURS_PER_MONTH = 730
export const BYTES_PER_GB = 1e9
/** Under this much history there is no recommendation ("not enough data"). */
export const MIN_CONFIDENT_HOURS = 30
export const LOOKBACK_DAYS = { min: 1, max: 93, default: 14 } as const
/** Memory recommendation = peak × this. */
export const MEMORY_FACTOR = 1.15
/** OpenCost's default prices per vCPU-hour and per GB-hour. */
export const DEFAULT_PRICE_CPU_HOUR = 0.031611
export const DEFAULT_PRICE_GB_HOUR = 0.004237

const money = z.number().finite().min(0).max(1e9)

/** One instance type of a catalog: on-demand list price per hour. */
export const CatalogEntrySchema = z.object({
  name: z.string().trim().min(1).max(80),
  provider: z.string().trim().max(40).default(''),
  vcpus: z.number().positive().max(1024),
  memoryGb: z.number().positive().max(65_536),
  gpus: z.number().int().min(0).max(64).default(0),
  hourly: money,
})
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>

/** A catalog file (resources/cost-catalog.json, or the user's own): where the prices come from and when. */
export const CatalogSchema = z.object({
  /** Where the prices were taken from, in words. */
  source: z.string().max(2000).default(''),
  /** The date the prices are as of, YYYY-MM-DD. */
  priceDate: IsoDateSchema,
  currency: z.string().trim().min(1).max(8).default('USD'),
  entries: z.array(CatalogEntrySchema).min(1).max(1000),
})
export type Catalog = z.infer<typeof CatalogSchema>

/** How capacity is priced: by resource (per hour or per month), from a catalog, or as a workstation. */
export const PricingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('per-hour'),
    cpuHour: money.default(DEFAULT_PRICE_CPU_HOUR),
    gbHour: money.default(DEFAULT_PRICE_GB_HOUR),
    currency: z.string().trim().min(1).max(8).default('USD'),
  }),
  z.object({
    kind: z.literal('per-month'),
    cpuMonth: money,
    gbMonth: money,
    currency: z.string().trim().min(1).max(8).default('USD'),
  }),
  z.object({
    kind: z.literal('catalog'),
    /** The catalog to price from; null: the bundled catalog plus the user's own entries (filled in by the engine). */
    catalog: CatalogSchema.nullable().default(null),
    /** The instance this machine is; null: the cheapest entry that holds the current capacity. */
    currentInstance: z.string().max(80).nullable().default(null),
  }),
  z.object({
    kind: z.literal('workstation'),
    hardwarePrice: money,
    amortiseMonths: z.number().int().min(1).max(240).default(36),
    kwhPrice: money.default(0.3),
    /** CPU package power at full load; scaled by utilisation (an estimate). */
    cpuTdpW: z.number().min(0).max(5000).default(125),
    /** The rest of the box at idle (board, disks, fans). */
    baseW: z.number().min(0).max(5000).default(40),
    currency: z.string().trim().min(1).max(8).default('USD'),
  }),
])
export type Pricing = z.infer<typeof PricingSchema>
export type PricingKind = Pricing['kind']

/** Capacity in cores and GB. In settings, null means "this host's, from the inventory". */
export const CapacitySchema = z.object({
  cores: z.number().positive().max(4096),
  memoryGb: z.number().positive().max(65_536),
})
export type Capacity = z.infer<typeof CapacitySchema>

export const DailyTradesSchema = z.object({
  date: IsoDateSchema,
  count: z.number().int().min(0).max(1e9),
})
/** Trades per day: one number, or daily counts (their mean over the look-back is used). */
export const TradesSchema = z.union([z.number().finite().min(0).max(1e9), z.array(DailyTradesSchema).min(1).max(5000)])
export type Trades = z.infer<typeof TradesSchema>

/** The analysis' knobs, each declared once: CostInputSchema gives their defaults, CostParamsSchema makes them optional. */
const knobs = {
  /** Added on top of the percentile: 0.2 = 20 %. */
  headroom: z.number().min(0).max(5),
  /** The CPU percentile sized for (50–100; 99.5 by default, 100 = the peak). */
  percentile: z.number().min(50).max(100),
  /** The share of the recommended cores the percentile may fill (1 = all of them). */
  targetUtilisation: z.number().min(0.05).max(1),
  lookbackDays: z.number().int().min(LOOKBACK_DAYS.min).max(LOOKBACK_DAYS.max),
}

/** Everything the analysis needs besides the history. */
export const CostInputSchema = z.object({
  pricing: PricingSchema,
  capacity: CapacitySchema,
  trades: TradesSchema.nullable().default(null),
  headroom: knobs.headroom.default(0.2),
  percentile: knobs.percentile.default(99.5),
  targetUtilisation: knobs.targetUtilisation.default(1),
  lookbackDays: knobs.lookbackDays.default(LOOKBACK_DAYS.default),
})
export type CostInput = z.infer<typeof CostInputSchema>

const userCatalog = z.array(CatalogEntrySchema).max(200)

/** Settings → Cost, stored with the other settings. Capacity null = this host's. */
export const CostSettingsSchema = CostInputSchema.extend({
  pricing: PricingSchema.default({ kind: 'per-hour', cpuHour: DEFAULT_PRICE_CPU_HOUR, gbHour: DEFAULT_PRICE_GB_HOUR, currency: 'USD' }),
  capacity: CapacitySchema.nullable().default(null),
  /** The user's own catalog entries, added to the bundled catalog. */
  userCatalog: userCatalog.default([]),
})
export type CostSettings = z.infer<typeof CostSettingsSchema>
export const defaultCostSettings: CostSettings = CostSettingsSchema.parse({})

/** The `cost` command: the stored settings, with any field given here overriding them for a what-if. */
export const CostParamsSchema = z.object({
  pricing: PricingSchema.optional(),
  capacity: CapacitySchema.nullable().optional(),
  trades: TradesSchema.nullable().optional(),
  headroom: knobs.headroom.optional(),
  percentile: knobs.percentile.optional(),
  targetUtilisation: knobs.targetUtilisation.optional(),
  lookbackDays: knobs.lookbackDays.optional(),
  userCatalog: userCatalog.optional(),
})
export type CostParams = z.infer<typeof CostParamsSchema>

/**
 * The history the analysis reads: one point per minute with data (the 1-minute tier), oldest first.
 * A minute without data is simply absent (gaps count as no history). Parallel arrays, same length.
 */
export interface CostHistory {
  /** Minute start, epoch ms. */
  t: ArrayLike<number>
  /** Mean CPU busy % of all cores in the minute (0–100). */
  cpuPct: ArrayLike<number>
  /** Highest CPU busy % in the minute. */
  cpuPeakPct: ArrayLike<number>
  /** Mean iowait % of all cores in the minute (NaN where unknown). */
  iowaitPct: ArrayLike<number>
  /** Mean memory used, bytes. */
  memBytes: ArrayLike<number>
  /** Highest memory used in the minute, bytes. */
  memPeakBytes: ArrayLike<number>
  /** Mean GPU utilisation % (mean over GPUs) per minute; absent without a GPU. */
  gpuPct?: ArrayLike<number>
  /** Mean GPU power draw in W (sum over GPUs), for workstation pricing; absent without a GPU. */
  gpuPowerW?: ArrayLike<number>
  /** Candles the scanner scanned over the look-back; null when unknown. */
  candlesScanned?: number | null
  /** The look-back analysed, [from, to) epoch ms. */
  from: number
  to: number
  /** The width of one point, ms: 60 000 from the 1-minute tier (3 600 000 where only hourly rollups reach). */
  stepMs?: number
}

const stat = z.number()
export const StatsSchema = z.object({ avg: stat, p50: stat, p95: stat, p99: stat, p995: stat, max: stat })
export type Stats = z.infer<typeof StatsSchema>

export const ConfidenceLevelSchema = z.enum(['none', 'low', 'medium', 'high'])
export type ConfidenceLevel = z.infer<typeof ConfidenceLevelSchema>
export const VerdictSchema = z.enum(['over-provisioned', 'right-sized', 'under-provisioned', 'not-enough-data'])
export type Verdict = z.infer<typeof VerdictSchema>

const range = z.object({ low: z.number(), high: z.number() })

/** The report: `gapwatch cost --json`, the `cost` command's result, the reports issue's input. */
export const CostReportSchema = z.object({
  currency: z.string(),
  pricing: z.enum(['per-hour', 'per-month', 'catalog', 'workstation']),
  /** The look-back analysed: [from, to) epoch ms and its length in days. */
  lookback: z.object({ days: z.number(), from: z.number(), to: z.number() }),
  current: z.object({
    cores: z.number(),
    memoryGb: z.number(),
    /** null when a catalog holds no entry for the current capacity. */
    monthlyCost: z.number().nullable(),
    instance: z.string().nullable(),
  }),
  /** null when there is not enough history. */
  recommended: z
    .object({
      cores: z.number(),
      memoryGb: z.number(),
      /** null when the pricing cannot price it (a workstation, or no catalog entry fits). */
      monthlyCost: z.number().nullable(),
      instance: z.string().nullable(),
      /** The widened bounds of the recommendation on short history (like the VPA recommender's). */
      range: z.object({ cores: range, memoryGb: range }),
    })
    .nullable(),
  /** null when there is no recommendation or no recommended price. */
  savings: z.object({ monthly: z.number(), yearly: z.number(), percent: z.number() }).nullable(),
  perTrade: z.object({ current: z.number().nullable(), recommended: z.number().nullable() }),
  perMillionCandles: z.object({ current: z.number().nullable(), recommended: z.number().nullable() }),
  utilisation: z.object({
    cpuCores: StatsSchema,
    memoryGb: StatsSchema,
    /** GPU utilisation % (mean over GPUs); null without a GPU. */
    gpuPct: StatsSchema.nullable(),
    /** Share of busy CPU time spent waiting for I/O (0–1); null when unknown. */
    iowaitShare: z.number().nullable(),
  }),
  /** Capacity paid for and not used, 0–1 (1 − avg/capacity). */
  idle: z.object({ cpu: z.number(), memory: z.number() }),
  /** Distribution of the per-minute cores in use, for the view's histogram. */
  histogram: z.object({
    binWidth: z.number(),
    /** counts[i] = minutes with cores in use in [i × binWidth, (i + 1) × binWidth). */
    counts: z.array(z.number().int()),
  }),
  confidence: z.object({
    level: ConfidenceLevelSchema,
    /** Hours of history (minutes with data / 60). */
    hours: z.number(),
    /** Hours still missing before a recommendation (0 when there is one). */
    hoursUntilRecommendation: z.number(),
  }),
  verdict: VerdictSchema,
  /** The findings as sentences. */
  findings: z.array(z.string()),
})
export type CostReport = z.infer<typeof CostReportSchema>

/** The analysis: pure, in electron/engine/cost/analyse.ts. */
export type AnalyseCost = (input: CostInput, history: CostHistory) => CostReport

/** Money in `currency` for people: "$207.90"; small amounts (under 1) with 4 significant digits. */
export function formatMoney(v: number | null | undefined, currency: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const small = Math.abs(v) < 1 && v !== 0
  const opts: Intl.NumberFormatOptions = small ? { maximumSignificantDigits: 3 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, ...opts }).format(v)
  } catch {
    // Not an ISO 4217 code: the number, then the unit as the user wrote it.
    return `${new Intl.NumberFormat('en-US', opts).format(v)} ${currency}`
  }
}
/** CostInput as written before defaults are filled in (what CostInputSchema.parse accepts). */
export type CostInputIn = z.input<typeof CostInputSchema>

/** Alerts labelled group=cost (the over-provisioned default, rules on the cost figures) link to the Cost view. */
export const COST_ALERT_GROUP = 'cost'
/** The dashboard address of the Cost view (the view is the URL hash). */
export const COST_VIEW_HREF = '#cost'
export const linksToCostView = (labels: Readonly<Record<string, string>>): boolean => labels.group === COST_ALERT_GROUP
