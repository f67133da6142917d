// The analysis input from Settings → Cost and a what-if: overrides win, capacity falls back to the
// host's, a catalog pricing without a file uses the bundled catalog plus the user's entries.
import { describe, expect, it } from 'vitest'
import { capacityOf, costInputOf } from '../../../../electron/engine/cost/service.ts'
import { bundledCatalog } from '../../../../electron/engine/cost/catalog.ts'
import { defaultCostSettings } from '../../../../shared/cost.ts'

const host = { cores: 12, memoryGb: 31.2 }

describe('costInputOf', () => {
  it('takes the saved settings, the what-if overrides over them, and the host capacity when none is set', () => {
    const input = costInputOf({ ...defaultCostSettings, headroom: 0.3 }, { percentile: 95 }, host)
    expect(input).toMatchObject({ headroom: 0.3, percentile: 95, capacity: host, lookbackDays: 14 })
    expect(costInputOf({ ...defaultCostSettings, capacity: { cores: 4, memoryGb: 8 } }, {}, host).capacity).toEqual({ cores: 4, memoryGb: 8 })
  })
  it('fills a catalog pricing with the bundled catalog and the user\'s entries', () => {
    const mine = { name: 'office-box', provider: 'mine', vcpus: 8, memoryGb: 32, gpus: 0, hourly: 0.12 }
    const input = costInputOf({ ...defaultCostSettings, userCatalog: [mine] }, { pricing: { kind: 'catalog', catalog: null, currentInstance: null } }, host)
    if (input.pricing.kind !== 'catalog') throw new Error('expected catalog pricing')
    expect(input.pricing.catalog!.entries).toHaveLength(bundledCatalog().entries.length + 1)
    expect(input.pricing.catalog!.entries).toContainEqual(mine)
  })
  it('refuses an override out of bounds, naming it, and a missing capacity', () => {
    expect(() => costInputOf(defaultCostSettings, { headroom: 7 }, host)).toThrow(/Invalid cost settings: headroom:/)
    expect(() => costInputOf(defaultCostSettings, {}, null)).toThrow(/--cores N --memory-gb N/)
  })
  it('reads the host capacity from the inventory in GB of 10^9 bytes', () => {
    expect(capacityOf({ cpu: { logicalCores: 16 } as never, memory: { totalBytes: 15_300_000_000 } })).toEqual({ cores: 16, memoryGb: 15.3 })
  })
})
