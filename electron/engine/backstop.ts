// One wake-up per sample instead of one per timer: the work that used to run on timers of its own
// (the alert engine's time-driven checks, the store's backstop flush) runs right after each sample, and
// this timer fires only when no sample came for `delayMs()` — the sampler stalled or was paused — so
// that work still happens then. `touch()` after each sample pushes the deadline back with
// Timeout.refresh(), which reuses the libuv timer (no allocation, no extra wake-up).
export class Backstop {
  private readonly run: () => void
  private readonly delayMs: () => number
  private timer: NodeJS.Timeout | null = null
  private armedMs = 0
  private stopped = false

  constructor(run: () => void, delayMs: () => number) {
    this.run = run
    this.delayMs = delayMs
  }

  start(): void {
    this.stopped = false
    if (this.timer === null) this.arm()
  }

  /** Work just ran: the backstop is due `delayMs()` from now (re-armed when the delay changed). */
  touch(): void {
    if (this.timer === null) return
    if (this.delayMs() === this.armedMs) this.timer.refresh()
    else {
      clearTimeout(this.timer)
      this.arm()
    }
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private arm(): void {
    this.armedMs = this.delayMs()
    this.timer = setTimeout(() => {
      this.timer = null
      try {
        this.run()
      } finally {
        if (this.timer === null && !this.stopped) this.arm()
      }
    }, this.armedMs)
    this.timer.unref()
  }
}
