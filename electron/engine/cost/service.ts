// The cost report for the engine and the CLI: Settings → Cost with a what-if's overrides, this host's
// capacity unless overridden, the bundled catalog plus the user's entries, the look-back's history.
import type { Db } from '../store/database.ts'
import type { MetricStore } from '../store/metric-store.ts'
import type { Inventory } from '../../../shared/inventory.ts'
import { describeZodError } from '../../../shared/zod-error.ts'
import { BYTES_PER_GB, CostSettingsSchema, type Capacity, type CostHistory, type CostInput, type CostParams, type CostReport, type CostSettings } from '../../../shared/cost.ts'
import { analyseCost } from './analyse.ts'
import { bundledCatalog, withUserEntries } from './catalog.ts'
import { loadCostHistory, lookbackRange } from './history.ts'

/** This host's capacity from the inventory: logical cores and memory in GB. */
export function capacityOf(inventory: Pick<Inventory, 'cpu' | 'memory'>): Capacity {
  return { cores: inventory.cpu.logicalCores, memoryGb: Math.round((inventory.memory.totalBytes / BYTES_PER_GB) * 100) / 100 }
}

/** The analysis input: settings with the overrides applied (validated), capacity and catalog filled in. */
export function costInputOf(settings: CostSettings, overrides: CostParams, host: Capacity | null): CostInput {
  const parsed = CostSettingsSchema.safeParse({ ...settings, ...overrides })
  if (!parsed.success) throw new Error(`Invalid cost settings: ${describeZodError(parsed.error)}`)
  const merged = parsed.data
  const capacity = merged.capacity ?? host
  if (capacity === null) throw new Error('The current capacity is unknown: give the cores and memory (--cores N --memory-gb N).')
  let pricing = merged.pricing
  if (pricing.kind === 'catalog') pricing = { ...pricing, catalog: withUserEntries(pricing.catalog ?? bundledCatalog(), merged.userCatalog) }
  return { pricing, capacity, trades: merged.trades, headroom: merged.headroom, percentile: merged.percentile, targetUtilisation: merged.targetUtilisation, lookbackDays: merged.lookbackDays }
}

export interface CostServiceOptions {
  metrics: MetricStore
  db: Db | null
  settings: () => CostSettings
  now?: () => number
}

/** How long a loaded look-back is reused, so what-if changes recompute without reading the store again. */
const HISTORY_REUSE_MS = 30_000

export class CostService {
  private readonly o: CostServiceOptions
  private cached: { key: string; at: number; history: CostHistory } | null = null

  constructor(options: CostServiceOptions) {
    this.o = options
  }

  report(overrides: CostParams, host: Capacity | null): CostReport {
    const input = costInputOf(this.o.settings(), overrides, host)
    return analyseCost(input, this.history(input))
  }

  private history(input: CostInput): CostHistory {
    const now = this.o.now?.() ?? Date.now()
    const key = `${input.lookbackDays}:${input.capacity.memoryGb}`
    if (this.cached && this.cached.key === key && now - this.cached.at < HISTORY_REUSE_MS) return this.cached.history
    const history = loadCostHistory(this.o.metrics, this.o.db, lookbackRange(input.lookbackDays, now), input.capacity.memoryGb, now)
    this.cached = { key, at: now, history }
    return history
  }
}
