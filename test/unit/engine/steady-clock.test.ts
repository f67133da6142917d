// The engine's sample clock: a wall clock step is held off (samples keep the elapsed time) and
// reported once; a step that holds for CLOCK_STEP_CONFIRM_MS is adopted; a suspend is no step.
// Both clocks are injected: nothing here changes or stubs the real clock.
import { describe, expect, it } from 'vitest'
import { CLOCK_STEP_CONFIRM_MS, CLOCK_STEP_TOLERANCE_MS, SteadyClock } from '../../../electron/engine/steady-clock.ts'

const DAY = 86_400_000
const T0 = 1_796_000_000_000

/** A wall clock and a boot clock the test moves by hand. */
function clocks() {
  const c = { wall: T0, boot: 5_000_000, steps: [] as string[] }
  const clock = new SteadyClock({ wall: () => c.wall, elapsed: () => c.boot, onStep: (m) => c.steps.push(m) })
  const tick = (ms: number) => {
    c.wall += ms
    c.boot += ms
  }
  return { c, clock, tick }
}

describe('SteadyClock', () => {
  it('is the wall clock while the two agree, NTP slewing included', () => {
    const { c, clock, tick } = clocks()
    for (let i = 0; i < 100; i++) {
      tick(1000)
      c.wall += 5 // a slewing clock drifts a little every second
      expect(clock.now()).toBe(c.wall)
    }
    expect(c.steps).toEqual([])
  })

  it('holds off a forward step of 3 days and its fix: sample times go on from the elapsed time, the step reported once', () => {
    const { c, clock, tick } = clocks()
    tick(1000)
    expect(clock.now()).toBe(T0 + 1000)
    c.wall += 3 * DAY
    const during: number[] = []
    for (let i = 0; i < 6; i++) {
      tick(1000)
      during.push(clock.now())
    }
    expect(during).toEqual([2, 3, 4, 5, 6, 7].map((s) => T0 + s * 1000))
    expect(clock.stepped).toBe(true)
    c.wall -= 3 * DAY
    tick(1000)
    expect(clock.now()).toBe(T0 + 8000)
    expect(clock.stepped).toBe(false)
    expect(c.steps).toHaveLength(2)
    expect(c.steps[0]).toMatch(/jumped forward 3 days/)
    expect(c.steps[1]).toMatch(/back in step/)
  })

  it('holds off a step back the same way', () => {
    const { c, clock, tick } = clocks()
    c.wall -= 2 * 3_600_000
    tick(1000)
    expect(clock.now()).toBe(T0 + 1000)
    expect(c.steps[0]).toMatch(/jumped back 2 hours/)
  })

  it('adopts a step that holds for the confirmation time (a real correction)', () => {
    const { c, clock, tick } = clocks()
    c.wall += DAY
    tick(1000)
    expect(clock.now()).toBe(T0 + 1000)
    for (let s = 1000; s < CLOCK_STEP_CONFIRM_MS; s += 1000) {
      tick(1000)
      expect(clock.now()).toBeLessThan(T0 + CLOCK_STEP_CONFIRM_MS + 1000)
    }
    tick(1000)
    expect(clock.now()).toBe(c.wall)
    tick(1000)
    expect(clock.now()).toBe(c.wall)
    expect(c.steps).toHaveLength(2)
    expect(c.steps[1]).toMatch(/has held for 10 minutes: samples follow the new time/)
  })

  it('starts the confirmation again when the clock steps to yet another time', () => {
    const { c, clock, tick } = clocks()
    c.wall += DAY
    tick(CLOCK_STEP_CONFIRM_MS - 1000)
    clock.now()
    c.wall += DAY // a second step before the first was adopted
    tick(2000)
    expect(clock.now()).toBe(T0 + CLOCK_STEP_CONFIRM_MS + 1000)
    expect(c.steps).toHaveLength(2)
    expect(c.steps[1]).toMatch(/jumped forward 2 days/)
  })

  it('takes a suspend (wall and boot time both advanced) as time that passed, not a step', () => {
    const { c, clock, tick } = clocks()
    tick(8 * 3_600_000)
    expect(clock.now()).toBe(c.wall)
    c.wall += CLOCK_STEP_TOLERANCE_MS - 1 // under the tolerance: followed
    expect(clock.now()).toBe(c.wall)
    expect(c.steps).toEqual([])
  })
})
