// State survives a restart: a firing alert is not notified again, a pending one keeps its start.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { harness, rule } from './helpers.ts'
import { tempDir } from '../../../helpers/temp.ts'

const T0 = Date.UTC(2026, 0, 5, 12)
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('alert state across a restart', () => {
  it('restores firing (not re-notified) and pending (keeps its start) from SQLite', () => {
    const dir = tempDir('gw-alerts-restart-')
    dirs.push(dir)
    const file = path.join(dir, 'gapwatch.db')
    const rules = [rule({ name: 'fire' }), rule({ name: 'pend', metric: 'load.1', threshold: 1, for: '10s' })]
    const a = harness(rules, { db: openDatabase(file), t0: T0 })
    a.engine.onSample(T0, [['cpu.total', 95], ['load.1', 5]])
    a.engine.onSample(T0 + 1000, [['cpu.total', 95], ['load.1', 5]])
    expect(a.events.map((e) => `${e.rule}:${e.state}:${e.notify}`)).toEqual(['fire:firing:true', 'pend:pending:false'])
    a.db.close()

    const b = harness(rules, { db: openDatabase(file), t0: T0 + 5000 })
    expect(b.engine.active().map((x) => [x.rule, x.state, x.activeAt])).toEqual([
      ['fire', 'firing', T0],
      ['pend', 'pending', T0],
    ])
    for (let t = T0 + 5000; t <= T0 + 10_000; t += 1000) b.engine.onSample(t, [['cpu.total', 95], ['load.1', 5]])
    // The firing one made no new event; the pending one fired 10 s after its original start.
    expect(b.events.map((e) => `${e.rule}:${e.state}:${(e.firedAt ?? 0) - T0}`)).toEqual(['pend:firing:10000'])
    b.engine.onSample(T0 + 11_000, [['cpu.total', 10], ['load.1', 0]])
    // Its resolution is delivered (its firing was, before the restart).
    expect(b.events.find((e) => e.rule === 'fire')).toMatchObject({ state: 'resolved', notify: true })
    b.db.close()
  })

  it('a rule changed while stopped starts over instead of inheriting the old state', () => {
    const dir = tempDir('gw-alerts-restart-')
    dirs.push(dir)
    const file = path.join(dir, 'gapwatch.db')
    const a = harness([rule({ name: 'x', for: '1m' })], { db: openDatabase(file), t0: T0 })
    a.feed(95)
    a.db.close()
    const b = harness([rule({ name: 'y', for: '1m' })], { db: openDatabase(file), t0: T0 + 1000 })
    expect(b.engine.active()).toEqual([])
    expect(b.db.prepare('SELECT count(*) FROM alert_state').pluck().get()).toBe(0)
    b.db.close()
  })
})
