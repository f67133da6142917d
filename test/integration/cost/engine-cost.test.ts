// The cost analysis inside the Engine: Settings → Cost saved in SQLite, the `cost` command over the
// stored history (read through the store's range query), what-if overrides, bad input refused.
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../../electron/engine/engine.ts'
import type { CostReport } from '../../../shared/cost.ts'
import type { Settings } from '../../../shared/settings.ts'
import { tempDir } from '../../helpers/temp.ts'
import { enginesPerTest } from '../../helpers/engines.ts'

const engineIn = enginesPerTest()

const MINUTE = 60_000
/** `hours` of one sample a minute up to now: CPU 25 %, iowait 5 %, 6 GB used. */
function fill(e: Engine, hours: number): void {
  const end = Math.floor(Date.now() / MINUTE) * MINUTE
  for (let t = end - hours * 60 * MINUTE; t < end; t += MINUTE) {
    e.metrics.append(t, [
      ['cpu.total', 25],
      ['cpu.iowait', 5],
      ['mem.used', 6e9],
    ])
  }
  expect(e.metrics.flush()).toBe(true)
}

const cost = { pricing: { kind: 'per-month', cpuMonth: 10, gbMonth: 2 }, capacity: { cores: 8, memoryGb: 32 }, trades: 100 } as const

describe('cost in the engine', () => {
  it('saves Settings → Cost and analyses the stored history with them', async () => {
    const dir = tempDir()
    const a = engineIn(dir)
    await a.call('setSettings', { cost })
    fill(a, 36)
    await a.stop()
    const b = engineIn(dir)
    expect(((await b.call('getSettings', {})) as Settings).cost).toMatchObject(cost)
    const r = (await b.call('cost', {})) as CostReport
    // 36 h, 8 cores at 25 % = 2 cores → 2.4 → 3 cores; 6 GB → 6.9 → 7 GB. Now 8 × 10 + 32 × 2 = 144, then 3 × 10 + 7 × 2 = 44.
    expect(r.confidence).toMatchObject({ level: 'low', hours: 36 })
    expect(r.recommended).toMatchObject({ cores: 3, memoryGb: 7, monthlyCost: 44 })
    expect(r.current.monthlyCost).toBe(144)
    // iowait 5 of 25 + 5 busy-or-waiting = 1/6.
    expect(r.utilisation.iowaitShare).toBe(0.167)
  })

  it('what-if: overrides recompute without touching the saved settings', async () => {
    const e = engineIn(tempDir())
    await e.call('setSettings', { cost })
    fill(e, 31)
    const r = (await e.call('cost', { headroom: 1, pricing: { kind: 'per-month', cpuMonth: 20, gbMonth: 2 } })) as CostReport
    // 2 cores × 2 = 4 cores at $20: 80 + 14 = 94.
    expect(r.recommended).toMatchObject({ cores: 4, monthlyCost: 94 })
    expect(((await e.call('getSettings', {})) as Settings).cost.headroom).toBe(0.2)
  })

  it('uses this host\'s capacity unless overridden, and says when there is no history', async () => {
    const e = engineIn(tempDir())
    const r = (await e.call('cost', {})) as CostReport
    const inv = (await e.call('inventory', {})) as { cpu: { logicalCores: number } }
    expect(r.current.cores).toBe(inv.cpu.logicalCores)
    expect(r.recommended).toBeNull()
    expect(r.findings[0]).toMatch(/^No history in the last 14 days/)
  })

  it('refuses bad cost settings and overrides, naming the field', async () => {
    const e = engineIn(tempDir())
    await expect(e.call('setSettings', { cost: { headroom: -1 } })).rejects.toThrow(/cost\.headroom/)
    await expect(e.call('cost', { lookbackDays: 94 })).rejects.toThrow(/lookbackDays/)
    await expect(e.call('cost', { pricing: { kind: 'per-month', cpuMonth: 'ten' } })).rejects.toThrow(/pricing\.cpuMonth/)
  })
})
