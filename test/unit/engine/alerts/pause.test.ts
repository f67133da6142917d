// Sampling paused on purpose, with a fake clock: no "sampler stalled" or no-data alert while paused,
// rules neither fire nor resolve from the missing samples, and evaluation resumes cleanly (a pending
// alert starts its `for` again; keep_firing_for does not count the pause; no-data counts from resume).
import { describe, expect, it } from 'vitest'
import { harness, rule, trail } from './helpers.ts'

describe('pause sampling', () => {
  it('no stalled or no-data alert while paused; a firing alert holds, a pending one restarts its for', () => {
    const h = harness([
      rule({ name: 'hot', threshold: 90, keep_firing_for: '30s' }),
      rule({ name: 'slow', metric: 'mem.used_pct', threshold: 80, for: '1m' }),
    ])
    const t0 = h.clock.t
    const both = (cpu: number, mem: number) => {
      h.engine.onSample(h.clock.t, [
        ['cpu.total', cpu],
        ['mem.used_pct', mem],
      ])
      h.engine.tick(h.clock.t)
      h.clock.t += 1000
    }
    for (let i = 0; i < 10; i++) both(95, 85) // hot fires at 0 s; slow pending from 0 s
    expect(trail(h, t0)).toEqual(['firing@0', 'pending@0'])
    h.engine.pause(h.clock.t)
    expect(h.engine.paused).toBe(true)
    // An hour without samples: the time-driven checks run, nothing changes.
    for (let i = 0; i < 3600; i += 10) h.engine.tick(h.clock.t + i * 1000)
    // A sample still in flight when the pause began is not evaluated.
    h.engine.onSample(h.clock.t + 5000, [['cpu.total', 10]])
    expect(trail(h, t0)).toEqual(['firing@0', 'pending@0'])
    expect(h.engine.active().map((a) => `${a.rule}:${a.state}`)).toEqual(['hot:firing', 'slow:pending'])

    h.clock.t += 3600_000
    const resumedAt = h.clock.t
    h.engine.resume(resumedAt)
    // The pending alert starts again; the firing one stays firing.
    expect(h.events.at(-1)).toMatchObject({ rule: 'slow', state: 'inactive' })
    expect(h.engine.active().map((a) => `${a.rule}:${a.state}`)).toEqual(['hot:firing'])
    // After the resume: cpu is low for 20 s (< keep_firing_for 30 s: the pause does not count), mem high.
    for (let i = 0; i < 20; i++) both(10, 85)
    expect(h.events.some((e) => e.rule === 'hot' && e.state === 'resolved')).toBe(false)
    const slowPending = h.events.filter((e) => e.rule === 'slow' && e.state === 'pending').at(-1)!
    expect(slowPending.activeAt).toBe(resumedAt)
    for (let i = 0; i < 45; i++) both(10, 85)
    const resolved = h.events.find((e) => e.rule === 'hot' && e.state === 'resolved')!
    // Last seen hot 1 s before the pause: 30 s of observed time is 29 s after the resume.
    expect(resolved.resolvedAt! - resumedAt).toBe(29_000)
    const fired = h.events.find((e) => e.rule === 'slow' && e.state === 'firing')!
    expect(fired.firedAt! - resumedAt).toBe(60_000)
    expect(h.events.some((e) => e.rule === 'sampler-stalled' || e.rule.startsWith('no-data'))).toBe(false)
  })

  it('a stalled alert resolves at the pause; after resume a real stall fires again, counted from the resume', () => {
    const h = harness([rule({ name: 'x' })])
    h.feed(10)
    h.engine.tick(h.clock.t + 10_000)
    expect(h.events.map((e) => `${e.rule}:${e.state}`)).toEqual(['sampler-stalled:firing'])
    h.engine.pause(h.clock.t + 11_000)
    expect(h.events.map((e) => `${e.rule}:${e.state}`)).toEqual(['sampler-stalled:firing', 'sampler-stalled:resolved'])
    expect(h.engine.active()).toEqual([])
    const resumedAt = h.clock.t + 600_000
    h.engine.resume(resumedAt)
    h.engine.tick(resumedAt + 5000) // 5 intervals: not yet
    expect(h.events).toHaveLength(2)
    h.engine.tick(resumedAt + 5001)
    expect(h.events.at(-1)).toMatchObject({ rule: 'sampler-stalled', state: 'firing', activeAt: resumedAt + 5001 })
  })

  it('a metric keeps its own cadence across a pause: file systems every 60 s do not turn into no-data', () => {
    const h = harness([rule({ name: 'fs', metric: 'fs.used_pct_max', threshold: 95 })])
    const fs = (t: number) => h.engine.onSample(t, [['fs.used_pct_max', 50]])
    const cpu = (t: number) => h.engine.onSample(t, [['cpu.total', 5]])
    const t0 = h.clock.t
    for (let s = 0; s <= 180; s++) (s % 60 === 0 ? fs : cpu)(t0 + s * 1000)
    h.engine.pause(t0 + 181_000)
    const r = t0 + 3_600_000
    h.engine.resume(r)
    fs(r + 500) // the first sample after resume carries it, 0.5 s after the resume
    for (let s = 1; s <= 120; s++) {
      cpu(r + s * 1000)
      h.engine.tick(r + s * 1000)
    }
    expect(h.events.some((e) => e.rule.startsWith('no-data'))).toBe(false)
  })
})
