// The Prometheus state machine with a fake clock: pending → firing after exactly `for`, a single
// sample below the threshold resets pending, keep_firing_for, hysteresis, inhibition, no data,
// silence expiry.
import { describe, expect, it } from 'vitest'
import { harness, rule, trail } from './helpers.ts'

const T0 = Date.UTC(2026, 0, 5, 12)

describe('alert state machine', () => {
  it('goes pending → firing exactly `for` after the condition began, and resolves at the first sample below', () => {
    const h = harness([rule({ name: 'cpu', for: '5s' })], { t0: T0 })
    for (const v of [50, 95, 95, 95, 95, 95]) h.feed(v) // t = 0..5 s; pending at 1 s
    expect(trail(h, T0)).toEqual(['pending@1'])
    h.feed(95) // t = 6 s: 5 s after 1 s
    expect(trail(h, T0)).toEqual(['pending@1', 'firing@6'])
    expect(h.events.at(-1)).toMatchObject({ state: 'firing', notify: true, activeAt: T0 + 1000, firedAt: T0 + 6000, value: 95 })
    h.feed(10)
    expect(trail(h, T0)).toEqual(['pending@1', 'firing@6', 'resolved@7'])
    expect(h.events.at(-1)!.notify).toBe(true)
    expect(h.engine.active()).toEqual([])
  })

  it('fires at once with for: 0s', () => {
    const h = harness([rule({ name: 'cpu' })], { t0: T0 })
    h.feed(91)
    expect(trail(h, T0)).toEqual(['firing@0'])
  })

  it('a single sample below the threshold inside `for` resets pending', () => {
    const h = harness([rule({ name: 'cpu', for: '3s' })], { t0: T0 })
    for (const v of [95, 95, 95, 80, 95, 95, 95]) h.feed(v) // pending at 0, reset at 3, pending again at 4
    expect(trail(h, T0)).toEqual(['pending@0', 'inactive@0', 'pending@4'])
    expect(h.events.some((e) => e.state === 'firing')).toBe(false)
    h.feed(95) // t = 7: 3 s after 4
    expect(trail(h, T0).at(-1)).toBe('firing@7')
  })

  it('keep_firing_for holds a firing alert through a dip and resolves once it has passed', () => {
    const h = harness([rule({ name: 'cpu', keep_firing_for: '3s' })], { t0: T0 })
    for (const v of [95, 50, 50, 95, 50, 50]) h.feed(v) // last active at 3; 4,5 are within 3 s
    expect(trail(h, T0)).toEqual(['firing@0'])
    h.feed(50) // t = 6: 3 s after the last active sample
    expect(trail(h, T0)).toEqual(['firing@0', 'resolved@6'])
  })

  it('hysteresis: once firing it stays until the value crosses `clear`', () => {
    const h = harness([rule({ name: 'cpu', threshold: 90, clear: 80 })], { t0: T0 })
    for (const v of [85, 91, 85, 81, 80.5]) h.feed(v)
    expect(trail(h, T0)).toEqual(['firing@1'])
    h.feed(80) // not strictly above clear
    expect(trail(h, T0)).toEqual(['firing@1', 'resolved@5'])
    h.feed(85) // below the threshold again: no new firing
    expect(trail(h, T0)).toHaveLength(2)
  })

  it('aggregates over the window (avg) only once the window is covered', () => {
    const h = harness([rule({ name: 'cpu', aggregate: 'avg', window: '4s', threshold: 50 })], { t0: T0 })
    for (const v of [100, 100, 100, 100]) h.feed(v) // 0..3 s: less than 4 s of data
    expect(h.events).toEqual([])
    h.feed(0) // 4 s: window (0, 4] = 100, 100, 100, 0 → 75
    expect(trail(h, T0)).toEqual(['firing@4'])
    for (const v of [0, 0]) h.feed(v) // (1,5] → 50 (not > 50): resolves at 5
    expect(trail(h, T0)).toEqual(['firing@4', 'resolved@5'])
  })

  it('inhibition: a firing critical mutes the warnings of its group, not those of other groups', () => {
    const rules = [
      rule({ name: 'mem-crit', metric: 'mem.used_pct', threshold: 95, severity: 'critical', labels: { group: 'memory' } }),
      rule({ name: 'mem-warn', metric: 'mem.used_pct', threshold: 80, severity: 'warning', labels: { group: 'memory' } }),
      rule({ name: 'cpu-warn', metric: 'cpu.total', threshold: 80, severity: 'warning', labels: { group: 'cpu' } }),
    ]
    const h = harness(rules, { t0: T0 })
    h.engine.onSample(h.clock.t, [['mem.used_pct', 97], ['cpu.total', 85]])
    const byRule = Object.fromEntries(h.events.map((e) => [e.rule, e]))
    expect(byRule['mem-crit']).toMatchObject({ state: 'firing', notify: true, muted: null })
    expect(byRule['mem-warn']).toMatchObject({ state: 'firing', notify: false, muted: 'inhibited' })
    expect(byRule['cpu-warn']).toMatchObject({ state: 'firing', notify: true, muted: null })
    expect(h.db.prepare("SELECT muted FROM alert_log WHERE rule = 'mem-warn'").pluck().get()).toBe('inhibited')
  })

  it('no data: a missing metric fires its own alert and mutes its rules; the sampler stalling fires one alert', () => {
    const h = harness([rule({ name: 'gpu', metric: 'gpu.0.temp', threshold: 85 })], { t0: T0 })
    h.engine.onSample(h.clock.t, [['gpu.0.temp', 60], ['cpu.total', 1]])
    h.clock.t += 1000
    h.engine.onSample(h.clock.t, [['gpu.0.temp', 60]])
    for (let i = 0; i < 6; i++) {
      h.clock.t += 1000
      h.engine.onSample(h.clock.t, [['cpu.total', 1]]) // the GPU collector fails; samples go on
      h.engine.tick()
    }
    expect(h.events.map((e) => `${e.rule}:${e.state}`)).toEqual(['no-data:gpu.0.temp:firing'])
    expect(h.engine.active().map((a) => a.rule)).toEqual(['no-data:gpu.0.temp'])
    // The value comes back past the threshold: the rule fires, and no-data has resolved first.
    h.clock.t += 1000
    h.engine.onSample(h.clock.t, [['gpu.0.temp', 90]])
    expect(h.events.map((e) => `${e.rule}:${e.state}`)).toEqual(['no-data:gpu.0.temp:firing', 'no-data:gpu.0.temp:resolved', 'gpu:firing'])
    // The sampler stalls: one critical alert, and the firing rule is now muted (no data).
    h.clock.t += 6000
    h.engine.tick()
    expect(h.events.at(-1)).toMatchObject({ rule: 'sampler-stalled', state: 'firing', severity: 'critical', notify: true })
    expect(h.engine.active().find((a) => a.rule === 'gpu')!.muted).toBe('no-data')
    h.engine.onSample(h.clock.t, [['gpu.0.temp', 90]])
    expect(h.events.at(-1)).toMatchObject({ rule: 'sampler-stalled', state: 'resolved' })
  })

  it('no data follows a metric’s own cadence: a value every 60 s is not missing between values', () => {
    const h = harness([rule({ name: 'fs', metric: 'fs.used_pct_max', threshold: 90 })], { t0: T0 })
    for (let s = 0; s <= 300; s++) {
      const values: Array<[string, number]> = [['cpu.total', 1]]
      if (s % 60 === 0) values.push(['fs.used_pct_max', 50])
      h.engine.onSample(T0 + s * 1000, values)
      h.clock.t = T0 + s * 1000
      h.engine.tick()
    }
    expect(h.events).toEqual([])
    // Five of its own intervals without it: now it is missing.
    for (let s = 301; s <= 601; s++) {
      h.engine.onSample(T0 + s * 1000, [['cpu.total', 1]])
      h.clock.t = T0 + s * 1000
      h.engine.tick()
    }
    expect(h.events.map((e) => `${e.rule}:${e.state}`)).toEqual(['no-data:fs.used_pct_max:firing'])
  })

  it('a silence mutes delivery until it expires; then the still-firing alert is delivered', () => {
    const h = harness([rule({ name: 'cpu' })], { t0: T0 })
    h.engine.silence({ rule: 'cpu', labels: {}, until: T0 + 10_000, comment: 'snooze' })
    h.feed(95)
    expect(h.events.at(-1)).toMatchObject({ state: 'firing', notify: false, muted: 'silenced' })
    for (let i = 0; i < 8; i++) {
      h.feed(95)
      h.engine.tick() // t = 2 … 9 s: still silenced
    }
    expect(h.events.filter((e) => e.notify)).toEqual([])
    h.feed(95)
    h.engine.tick() // t = 10 s: the silence has expired
    expect(h.events.filter((e) => e.notify)).toMatchObject([{ rule: 'cpu', state: 'firing', muted: null }])
    expect(h.engine.activeSilences()).toEqual([])
  })

  it('a silence by label matches every rule carrying it', () => {
    const h = harness([rule({ name: 'a', labels: { group: 'cpu' } }), rule({ name: 'b', metric: 'load.1', threshold: 1 })], { t0: T0 })
    h.engine.silence({ rule: null, labels: { group: 'cpu' }, until: T0 + 60_000, comment: '' })
    h.engine.onSample(T0, [['cpu.total', 99], ['load.1', 5]])
    expect(Object.fromEntries(h.events.map((e) => [e.rule, e.muted]))).toEqual({ a: 'silenced', b: null })
  })

  it('renders the message template', () => {
    const h = harness([rule({ name: 'cpu', for: '2s', message: 'CPU at {{value}} % over {{threshold}} for {{for}}' })], { t0: T0 })
    for (const v of [95, 95, 95.123]) h.feed(v)
    expect(h.events.at(-1)!.message).toBe('CPU at 95.12 % over 90 for 2s')
  })
})
