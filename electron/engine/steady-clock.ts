// The engine's time for samples, history and retention: the wall clock while it keeps pace with the
// time elapsed since boot, and the time elapsed since the last agreement when it does not.
//
// A wall clock step (an NTP step, a VM resumed with a wrong clock, a user trying a date) used to reach
// the store as it was: retention ran against "now + 3 days" and deleted the whole raw tier, samples
// were stored days ahead, and the open hour stayed in the future, so every later flush was a SQLite
// transaction. Now a step is held off: samples keep the steady time (last agreement + elapsed) and the
// step is reported once. A new wall time that holds for CLOCK_STEP_CONFIRM_MS is a correction and is
// adopted (the store then closes its hour forward, or back: metric-store.ts); one that is undone
// before (the step and its fix) never touches history.
//
// Elapsed time is os.uptime(): on Linux CLOCK_BOOTTIME and on Windows GetTickCount64, which go on
// through a suspend, so a laptop waking up is not a step (performance.now() stops while suspended).
// On macOS libuv derives os.uptime() from kern.boottime in whole seconds (within the tolerance);
// whether a step is caught there depends on the kernel moving boottime with it (not verified here).
import os from 'node:os'

/** A wall clock further than this from the elapsed time's expectation has stepped (NTP slews far less). */
export const CLOCK_STEP_TOLERANCE_MS = 2000
/**
 * How long a stepped wall clock must hold its new time before samples follow it. Long enough that a
 * step and its fix (a wrong NTP answer, a user trying a date) never touch history; short enough that
 * a real correction is followed within a chart's recent window.
 */
export const CLOCK_STEP_CONFIRM_MS = 10 * 60_000

export interface SteadyClockOptions {
  /** The wall clock, epoch ms (default Date.now). */
  wall?: () => number
  /** Time elapsed since boot, ms, going on through a suspend (default os.uptime()). */
  elapsed?: () => number
  /** Told once per step, and once when a step is adopted or undone. */
  onStep?: (message: string) => void
  /** A held step adopted: sample times move by `step` ms at once (what measures time between samples shifts by it). */
  onAdopt?: (step: number) => void
}

const describe = (ms: number): string => {
  const abs = Math.abs(ms)
  const [n, unit] = abs >= 86_400_000 ? [abs / 86_400_000, 'day'] : abs >= 3_600_000 ? [abs / 3_600_000, 'hour'] : abs >= 60_000 ? [abs / 60_000, 'minute'] : [abs / 1000, 'second']
  const r = Math.round(n * 10) / 10
  return `${ms > 0 ? 'forward' : 'back'} ${r} ${unit}${r === 1 ? '' : 's'}`
}

export class SteadyClock {
  private readonly wall: () => number
  private readonly elapsed: () => number
  private readonly onStep: (message: string) => void
  private readonly onAdopt: (step: number) => void
  /** The last wall time that agreed with the elapsed time, and the elapsed time then. */
  private baseWall: number
  private baseElapsed: number
  /** A step seen and held off: its size and the elapsed time it was first seen at. */
  private step: { drift: number; since: number } | null = null

  constructor(o: SteadyClockOptions = {}) {
    this.wall = o.wall ?? Date.now
    this.elapsed = o.elapsed ?? (() => os.uptime() * 1000)
    this.onStep = o.onStep ?? (() => {})
    this.onAdopt = o.onAdopt ?? (() => {})
    this.baseWall = this.wall()
    this.baseElapsed = this.elapsed()
  }

  /** Whether a wall clock step is being held off now. */
  get stepped(): boolean {
    return this.step !== null
  }

  /** The time to stamp a sample with, epoch ms. */
  now(): number {
    const w = this.wall()
    const e = this.elapsed()
    const expected = this.baseWall + (e - this.baseElapsed)
    const drift = w - expected
    if (Math.abs(drift) <= CLOCK_STEP_TOLERANCE_MS) {
      if (this.step !== null) this.onStep('The system clock is back in step; samples follow it again.')
      this.step = null
      this.baseWall = w
      this.baseElapsed = e
      return w
    }
    if (this.step === null || Math.abs(drift - this.step.drift) > CLOCK_STEP_TOLERANCE_MS) {
      this.step = { drift, since: e }
      this.onStep(
        `The system clock jumped ${describe(drift)}; samples keep the time elapsed since the last agreement, and history retention does not move, ` +
          `until the new time has held for ${CLOCK_STEP_CONFIRM_MS / 60_000} minutes.`,
      )
    } else if (e - this.step.since >= CLOCK_STEP_CONFIRM_MS) {
      this.onStep(`The system clock's step ${describe(drift)} has held for ${CLOCK_STEP_CONFIRM_MS / 60_000} minutes: samples follow the new time.`)
      this.step = null
      this.baseWall = w
      this.baseElapsed = e
      this.onAdopt(drift)
      return w
    }
    return expected
  }
}
