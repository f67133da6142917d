// Money: what a capacity costs a month under each kind of pricing (730 hours per month).
import { HOURS_PER_MONTH, type Capacity, type CatalogEntry, type Pricing } from '../../../shared/cost.ts'

export function currencyOf(pricing: Pricing): string {
  return pricing.kind === 'catalog' ? (pricing.catalog?.currency ?? 'USD') : pricing.currency
}

/** The cheapest catalog entry with at least `need` cores and GB (ties: the smaller one), or null. */
export function cheapestFit(entries: readonly CatalogEntry[], need: Capacity): CatalogEntry | null {
  let best: CatalogEntry | null = null
  for (const e of entries) {
    if (e.vcpus < need.cores || e.memoryGb < need.memoryGb) continue
    if (best === null || e.hourly < best.hourly || (e.hourly === best.hourly && e.vcpus + e.memoryGb < best.vcpus + best.memoryGb)) best = e
  }
  return best
}

/** Average electrical power of a workstation in W: idle base + CPU TDP × utilisation + GPU draw (an estimate). */
export function workstationWatts(pricing: Extract<Pricing, { kind: 'workstation' }>, cpuShare: number, gpuW: number): number {
  return pricing.baseW + pricing.cpuTdpW * Math.min(1, Math.max(0, cpuShare)) + gpuW
}

export interface Priced {
  monthlyCost: number | null
  instance: string | null
}

/**
 * The monthly cost of `capacity`. By resource: cores × price + GB × price. Catalog: the named
 * instance when given (`instance`), else the cheapest entry that holds the capacity (null when none
 * does). Workstation: hardware amortised + electricity at `watts`; a capacity other than the
 * machine's own cannot be priced (null).
 */
export function monthlyCost(pricing: Pricing, capacity: Capacity, opts: { instance?: string | null; watts?: number; own?: boolean } = {}): Priced {
  switch (pricing.kind) {
    case 'per-hour':
      return { monthlyCost: (capacity.cores * pricing.cpuHour + capacity.memoryGb * pricing.gbHour) * HOURS_PER_MONTH, instance: null }
    case 'per-month':
      return { monthlyCost: capacity.cores * pricing.cpuMonth + capacity.memoryGb * pricing.gbMonth, instance: null }
    case 'catalog': {
      const entries = pricing.catalog?.entries ?? []
      const named = opts.instance ? entries.find((e) => e.name === opts.instance) : undefined
      const entry = named ?? cheapestFit(entries, capacity)
      return entry ? { monthlyCost: entry.hourly * HOURS_PER_MONTH, instance: entry.name } : { monthlyCost: null, instance: null }
    }
    case 'workstation': {
      if (!opts.own) return { monthlyCost: null, instance: null }
      const energy = ((opts.watts ?? pricing.baseW) / 1000) * HOURS_PER_MONTH * pricing.kwhPrice
      return { monthlyCost: pricing.hardwarePrice / pricing.amortiseMonths + energy, instance: null }
    }
  }
}
