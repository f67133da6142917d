// State survives a restart: a firing alert is not notified again; a pending one goes on without the
// time the engine was down counting toward `for` (Prometheus's restore with an outage tolerance).
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
  it('restores firing (not re-notified) from SQLite; a short pending one after a crash starts its `for` again', () => {
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
    expect(b.engine.active().map((x) => [x.rule, x.state, x.activeAt])).toEqual([['fire', 'firing', T0]])
    for (let t = T0 + 5000; t <= T0 + 15_000; t += 1000) b.engine.onSample(t, [['cpu.total', 95], ['load.1', 5]])
    // The firing one made no new event; the pending one held 10 s of running time again, from the restart.
    expect(b.events.map((e) => `${e.rule}:${e.state}:${(e.state === 'firing' ? e.firedAt! : e.activeAt) - T0}`)).toEqual(['pend:pending:5000', 'pend:firing:15000'])
    b.engine.onSample(T0 + 16_000, [['cpu.total', 10], ['load.1', 0]])
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

  /** Runs `rules` from t0 to stopAt (a sample a `step`), stops cleanly, and starts again at `restartAt`. */
  function stopAndRestart(r: ReturnType<typeof rule>, o: { stopAt: number; restartAt: number; step: number }) {
    const dir = tempDir('gw-alerts-restart-')
    dirs.push(dir)
    const file = path.join(dir, 'gapwatch.db')
    const a = harness([r], { db: openDatabase(file), t0: T0, step: o.step })
    while (a.clock.t <= T0 + o.stopAt) a.feed(95)
    a.engine.stop()
    a.db.close()
    const b = harness([r], { db: openDatabase(file), t0: T0 + o.restartAt, step: o.step })
    /** Feeds samples until it fires (or `until`); the time it fired, after t0. */
    const firedAt = (until: number): number | null => {
      while (b.clock.t <= T0 + until) {
        b.feed(95)
        const f = b.events.find((e) => e.state === 'firing')
        if (f) return f.firedAt! - T0
      }
      return null
    }
    return { a, b, firedAt, close: () => b.db.close() }
  }

  it('does not count the time it was down toward `for`: a 30 s rule pending 13 s fires 30 s after the restart, not at its first sample', () => {
    // Finding 6: pending 13 s of 30 s, stopped 39 s; the old engine fired at the first sample after it.
    const h = stopAndRestart(rule({ name: 'mem', for: '30s' }), { stopAt: 13_000, restartAt: 52_000, step: 500 })
    expect(h.a.events.map((e) => e.state)).toEqual(['pending'])
    expect(h.firedAt(52_000 + 29_500)).toBeNull()
    expect(h.b.events.map((e) => `${e.state}@${(e.activeAt - T0) / 1000}`)).toEqual(['pending@52'])
    expect(h.firedAt(52_000 + 30_000)).toBe(82_000)
    h.close()
  })

  it('a long `for` goes on where it stopped: pending 5 min of 20 min, down 2 min, it fires 15 min of running time later', () => {
    const h = stopAndRestart(rule({ name: 'slow', for: '20m' }), { stopAt: 300_000, restartAt: 420_000, step: 10_000 })
    // activeAt moved forward by the 2 min down (from the last sample before the stop to the restart)
    expect(h.b.engine.active().map((x) => x.activeAt - T0)).toEqual([120_000])
    expect(h.firedAt(1_310_000)).toBeNull()
    expect(h.firedAt(1_320_000)).toBe(1_320_000)
    h.close()
  })

  it('close to firing, it waits the 10 min grace period after the restart; down over an hour, it starts over', () => {
    const near = stopAndRestart(rule({ name: 'near', for: '20m' }), { stopAt: 900_000, restartAt: 960_000, step: 10_000 })
    expect(near.firedAt(960_000 + 590_000)).toBeNull()
    expect(near.firedAt(960_000 + 600_000)).toBe(1_560_000)
    near.close()
    const long = stopAndRestart(rule({ name: 'long', for: '20m' }), { stopAt: 900_000, restartAt: 900_000 + 3_601_000, step: 10_000 })
    expect(long.b.engine.active()).toEqual([])
    expect(long.firedAt(4_501_000 + 1_190_000)).toBeNull()
    expect(long.b.events.map((e) => `${e.state}@${(e.activeAt - T0) / 1000}`)).toEqual(['pending@4501'])
    long.close()
  })
})
