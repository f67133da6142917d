// Removing a process group that a rule reads, or saving a rule on a group that does not exist, is
// said when it happens (the engine's warning event, which clients show), naming the rule and group.
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('rules on a process group that is not configured', () => {
  it('setSettings that removes the group, and rulesSave naming a missing group, warn in words', async () => {
    const e = new Engine({ dataDir: tempDir('gw-group-gone-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => e.stop())
    const warnings: string[] = []
    e.on('warning', (w: { message: string }) => warnings.push(w.message))
    await e.call('setSettings', { processGroups: [{ name: 'burn', pattern: 'attackburn' }] })
    await e.call('rulesSave', { rule: { name: 'burn-cpu', metric: 'group.burn.cpu', threshold: 50 } })
    expect(warnings).toEqual([])
    await e.call('setSettings', { processGroups: [] })
    expect(warnings).toEqual([
      'Rule burn-cpu reads group.burn.cpu, but there is no process group "burn" in Settings → Process groups (removed or renamed?): add the group back or change the rule.',
    ])
    await e.call('rulesSave', { rule: { name: 'typo', metric: 'group.trading-stack.cpu', threshold: 50 } })
    expect(warnings.at(-1)).toBe('Rule typo reads group.trading-stack.cpu, but there is no process group "trading-stack" in Settings → Process groups (removed or renamed?): add the group back or change the rule.')
    // The Settings page sends its whole draft (process groups included) on any save: a save that removes
    // no group repeats nothing, and one that removes a group names only the rules on that group.
    const said = warnings.length
    await e.call('setSettings', { processGroups: [{ name: 'web', pattern: 'nginx' }, { name: 'db', pattern: 'postgres' }] })
    await e.call('rulesSave', { rule: { name: 'db-cpu', metric: 'group.db.cpu', threshold: 50 } })
    await e.call('setSettings', { processGroups: [{ name: 'web', pattern: 'nginx' }, { name: 'db', pattern: 'postgres' }], sampleIntervalMs: 2000 })
    expect(warnings.slice(said)).toEqual([])
    await e.call('setSettings', { processGroups: [{ name: 'web', pattern: 'nginx' }] })
    expect(warnings.slice(said)).toEqual([
      'Rule db-cpu reads group.db.cpu, but there is no process group "db" in Settings → Process groups (removed or renamed?): add the group back or change the rule.',
    ])
  }, 30_000)
})
