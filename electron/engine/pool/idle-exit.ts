// The pool's idle exit: with nothing running or queued for `ms`, its workers end (a worker holds
// ~100 MB after a scan) and the next job starts them again. Any work disarms the timer; it never
// holds a process open (unref).
export class IdleExit {
  private ms: number
  private timer: NodeJS.Timeout | null = null
  private readonly idle: () => boolean
  private readonly exit: () => void

  /** `idle`: nothing runs or waits (checked again when the timer fires); `exit`: end the workers. */
  constructor(ms: number, idle: () => boolean, exit: () => void) {
    this.ms = ms
    this.idle = idle
    this.exit = exit
  }

  /** A new idle time from now on (0: never). */
  set(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`Idle exit must be ≥ 0 ms, got ${ms}`)
    this.ms = ms
    this.disarm()
  }

  /** Starts the timer if the pool is idle and it is not running; disarms it if the pool is busy or `off`. */
  arm(off: boolean): void {
    if (off || this.ms <= 0 || !this.idle()) return this.disarm()
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.idle()) this.exit()
    }, this.ms)
    this.timer.unref()
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
