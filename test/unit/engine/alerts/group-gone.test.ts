// A rule on a process group that is not configured (removed or renamed in Settings, or a typo in the
// rule) says so in words: not "its collector may be failing", which nothing is.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { AlertStore } from '../../../../electron/engine/alerts/alert-store.ts'
import { AlertEngine } from '../../../../electron/engine/alerts/alert-engine.ts'
import type { AlertEvent } from '../../../../shared/alerts.ts'
import { rule } from './helpers.ts'

const T0 = Date.UTC(2026, 0, 5, 12)

function setup(groups: Array<{ name: string }>) {
  const db = openDatabase(':memory:')
  const events: AlertEvent[] = []
  const clock = { t: T0 }
  const settings = { groups }
  const engine = new AlertEngine({
    store: new AlertStore(db),
    rules: [rule({ name: 'burn-cpu', metric: 'group.burn.cpu', threshold: 50 })],
    emit: (e) => events.push(e),
    now: () => clock.t,
    intervalMs: () => 1000,
    processGroups: () => settings.groups,
  })
  /** One sample a second for `s` seconds (the group's series only while it is configured), a tick after each. */
  const run = (s: number) => {
    for (let i = 0; i < s; i++) {
      const values: Array<[string, number]> = [['cpu.total', 5]]
      if (settings.groups.some((g) => g.name === 'burn')) values.push(['group.burn.cpu', 10])
      engine.onSample(clock.t, values)
      engine.tick(clock.t)
      clock.t += 1000
    }
  }
  return { engine, events, settings, run, close: () => db.close() }
}

const said = (events: AlertEvent[]) => events.map((e) => `${e.rule}:${e.state}:${e.message}`)

describe('a rule on a process group that is not configured', () => {
  it('after the group is removed, the no-data alert names the rule and the missing group, and resolves when the group is back', () => {
    const h = setup([{ name: 'burn' }])
    h.run(15)
    expect(h.events).toEqual([])
    h.settings.groups = [] // the user deletes the group in Settings
    h.run(40)
    // Finding 11: the old engine fired "No data for group.burn.cpu (its collector may be failing)".
    expect(said(h.events)).toEqual([
      'no-data:group.burn.cpu:firing:No data for group.burn.cpu: rule burn-cpu reads it, but there is no process group "burn" in Settings → Process groups (removed or renamed?): add the group back or change the rule',
    ])
    h.settings.groups = [{ name: 'burn' }]
    h.run(20)
    // back, with data: resolved, and no "collector failing" alert for the gap it was away
    expect(h.events.map((e) => `${e.rule}:${e.state}`)).toEqual(['no-data:group.burn.cpu:firing', 'no-data:group.burn.cpu:resolved'])
    expect(h.engine.active()).toEqual([])
    h.close()
  })

  it('a rule naming a group that never existed (a typo) is said at once, where it could never evaluate and nothing was said', () => {
    const h = setup([{ name: 'trading stack' }])
    h.run(2)
    expect(said(h.events)).toEqual([expect.stringContaining('no-data:group.burn.cpu:firing:No data for group.burn.cpu: rule burn-cpu reads it, but there is no process group "burn"') as string])
    h.close()
  })
})
