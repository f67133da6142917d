// Review finding 5: the alert engine runs on the samples' clock (engine.ts wires SteadyClock into it),
// and a wall clock step that SteadyClock adopts after CLOCK_STEP_CONFIRM_MS moves the times a pending
// `for` is measured against: a rule 30 s into a `for: 1h` neither fires at once after a step forward
// nor waits out the step after one back. Wall and elapsed time are injected; nothing sleeps.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { AlertStore } from '../../../../electron/engine/alerts/alert-store.ts'
import { AlertEngine } from '../../../../electron/engine/alerts/alert-engine.ts'
import { CLOCK_STEP_CONFIRM_MS, SteadyClock } from '../../../../electron/engine/steady-clock.ts'
import type { AlertEvent } from '../../../../shared/alerts.ts'
import { rule } from './helpers.ts'

const DAY = 86_400_000

function wired(stepBy: number, r = rule({ name: 'slow', threshold: 90, for: '1h' })) {
  const t0 = Date.UTC(2026, 0, 5, 12)
  let elapsed = 0
  let offset = 0
  const events: AlertEvent[] = []
  let engine: AlertEngine | null = null
  const clock = new SteadyClock({ wall: () => t0 + elapsed + offset, elapsed: () => elapsed, onAdopt: (step) => engine?.clockAdopted(step) })
  engine = new AlertEngine({
    store: new AlertStore(openDatabase(':memory:')),
    rules: [r],
    emit: (e) => events.push(e),
    now: () => clock.now(),
    intervalMs: () => 1000,
  })
  const e = engine
  // One sample a second for `secs` seconds, as the sampler stamps them (clock.now()), and the time checks.
  const run = (secs: number, v = 95) => {
    for (let i = 0; i < secs; i++) {
      elapsed += 1000
      const t = clock.now()
      e.onSample(t, [['cpu.total', v]])
      e.tick(t)
    }
  }
  run(30) // pending for 30 s
  offset = stepBy
  run(CLOCK_STEP_CONFIRM_MS / 1000 + 5) // held, then adopted
  return { events, run, t0 }
}

describe('a pending for across an adopted clock step', () => {
  it('a step forward does not fire it at once', () => {
    const { events, run } = wired(3 * DAY)
    expect(events.filter((e) => e.state === 'firing')).toEqual([])
    expect(events.filter((e) => e.rule === 'sampler-stalled' || e.rule.startsWith('no-data'))).toEqual([])
    // 30 s + 10 min + 5 s seen so far: it fires after one hour of held condition, not before.
    run(3600 - 30 - CLOCK_STEP_CONFIRM_MS / 1000 - 5 - 2)
    expect(events.filter((e) => e.state === 'firing')).toEqual([])
    run(4)
    expect(events.filter((e) => e.state === 'firing')).toHaveLength(1)
  })

  it('a step back does not hold it back by the step', () => {
    const { events, run } = wired(-3 * DAY)
    run(3600 - 30 - CLOCK_STEP_CONFIRM_MS / 1000 - 5 + 2)
    expect(events.filter((e) => e.state === 'firing')).toHaveLength(1)
  })

  it("a window's samples move with a step back (they are not held as if in the future)", () => {
    const { events, run } = wired(-3 * DAY, rule({ name: 'peak', threshold: 90, aggregate: 'max', window: '1m' }))
    expect(events.filter((e) => e.state === 'firing')).toHaveLength(1)
    run(61, 10) // a minute of low values: the window's max is low again
    expect(events.filter((e) => e.state === 'resolved')).toHaveLength(1)
  })
})
