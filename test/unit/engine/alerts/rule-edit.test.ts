// Editing a rule while its alert fires: a change of only how it is delivered (message, labels,
// severity, webhook) keeps the alert; a change of when it holds starts it over.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { AlertStore } from '../../../../electron/engine/alerts/alert-store.ts'
import { AlertEngine } from '../../../../electron/engine/alerts/alert-engine.ts'
import { harness, rule, trail } from './helpers.ts'

const T0 = Date.UTC(2026, 0, 5, 12)

describe('editing a live rule', () => {
  it('a new message, labels, severity or webhook keep a firing alert firing, with no resolved and no second firing', () => {
    const r = rule({ name: 'mem', for: '2s' })
    const h = harness([r], { t0: T0 })
    for (let i = 0; i < 3; i++) h.feed(95)
    expect(trail(h, T0)).toEqual(['pending@0', 'firing@2'])
    h.engine.setRules([rule({ name: 'mem', for: '2s', message: 'memory over {{ threshold }}', labels: { team: 'desk' }, severity: 'critical', webhook: { url: 'http://127.0.0.1:9/hook' } })])
    for (let i = 0; i < 5; i++) h.feed(95)
    // Finding 7: the old engine logged 'resolved@3' here (value still 95 > 90) and fired again 2 s later.
    expect(trail(h, T0)).toEqual(['pending@0', 'firing@2'])
    expect(h.engine.active()).toMatchObject([{ rule: 'mem', state: 'firing', firedAt: T0 + 2000, message: 'memory over 90', severity: 'critical', labels: { team: 'desk' } }])
    expect(h.engine.rules[0]).toMatchObject({ message: 'memory over {{ threshold }}', severity: 'critical' })
    h.feed(10)
    // its resolution carries the new text
    expect(h.events.at(-1)).toMatchObject({ state: 'resolved', message: 'memory over 90', severity: 'critical' })
  })

  it('a change of what decides the condition (threshold, for, window, session…) starts the alert over', () => {
    const h = harness([rule({ name: 'mem', for: '2s' })], { t0: T0 })
    for (let i = 0; i < 3; i++) h.feed(95)
    h.engine.setRules([rule({ name: 'mem', for: '2s', threshold: 80 })])
    expect(trail(h, T0)).toEqual(['pending@0', 'firing@2', 'resolved@3'])
    h.feed(95)
    expect(trail(h, T0).at(-1)).toBe('pending@3')
  })

  it('a webhook added to a firing rule is sent that firing, so its receiver never sees a resolution of something never opened', () => {
    const sent: string[] = []
    const clock = { t: T0 }
    const engine = new AlertEngine({
      store: new AlertStore(openDatabase(':memory:')),
      rules: [rule({ name: 'mem' })],
      emit: () => {},
      deliver: (e, r) => sent.push(`${e.state}->${r.webhook!.url}`),
      now: () => clock.t,
      intervalMs: () => 1000,
    })
    engine.onSample(T0, [['cpu.total', 95]])
    engine.setRules([rule({ name: 'mem', webhook: { url: 'http://127.0.0.1:9/a' } })])
    engine.setRules([rule({ name: 'mem', webhook: { url: 'http://127.0.0.1:9/a' }, message: 'x' })]) // same hook: not again
    engine.onSample(T0 + 1000, [['cpu.total', 10]])
    expect(sent).toEqual(['firing->http://127.0.0.1:9/a', 'resolved->http://127.0.0.1:9/a'])
  })

  it('a webhook moved on a firing rule sends the old receiver its resolution; a silenced alert is sent to the new one only once the silence ends', () => {
    const sent: string[] = []
    const clock = { t: T0 }
    const engine = new AlertEngine({
      store: new AlertStore(openDatabase(':memory:')),
      rules: [rule({ name: 'mem', webhook: { url: 'http://127.0.0.1:9/a' } })],
      emit: () => {},
      deliver: (e, r) => sent.push(`${e.state}->${r.webhook!.url}`),
      now: () => clock.t,
      intervalMs: () => 1000,
    })
    engine.onSample(T0, [['cpu.total', 95]])
    // (a) moved: the old receiver's incident is closed, the new one opened
    engine.setRules([rule({ name: 'mem', webhook: { url: 'http://127.0.0.1:9/b' } })])
    expect(sent).toEqual(['firing->http://127.0.0.1:9/a', 'resolved->http://127.0.0.1:9/a', 'firing->http://127.0.0.1:9/b'])
    // (b) silenced, then moved: the new receiver is told nothing while the silence holds…
    engine.silence({ rule: 'mem', labels: {}, until: T0 + 60_000, comment: 'maintenance' }, T0)
    sent.length = 0
    engine.setRules([rule({ name: 'mem', webhook: { url: 'http://127.0.0.1:9/c' } })])
    expect(sent).toEqual(['resolved->http://127.0.0.1:9/b'])
    clock.t = T0 + 30_000
    engine.onSample(clock.t, [['cpu.total', 95]]) // samples go on (a stalled sampler would mute it too)
    engine.tick()
    expect(sent).toEqual(['resolved->http://127.0.0.1:9/b'])
    // …and is sent the firing once it ends, then its resolution
    clock.t = T0 + 61_000
    engine.onSample(clock.t, [['cpu.total', 95]])
    engine.tick()
    engine.onSample(T0 + 62_000, [['cpu.total', 10]])
    expect(sent).toEqual(['resolved->http://127.0.0.1:9/b', 'firing->http://127.0.0.1:9/c', 'resolved->http://127.0.0.1:9/c'])
  })
})
