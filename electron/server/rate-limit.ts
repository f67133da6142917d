// Failed authentication attempts per client address in a sliding window: past the limit the
// address gets 429 with Retry-After until its oldest failure leaves the window. The clock is
// injected so tests can move time.
export interface FailureLimiterOptions {
  max: number
  windowMs: number
  now?: () => number
  /** Addresses tracked at most (a flood of addresses cannot grow the table without end). */
  maxKeys?: number
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()
  private readonly max: number
  private readonly windowMs: number
  private readonly now: () => number
  private readonly maxKeys: number

  constructor(o: FailureLimiterOptions) {
    this.max = o.max
    this.windowMs = o.windowMs
    this.now = o.now ?? Date.now
    this.maxKeys = o.maxKeys ?? 10_000
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs
    const list = (this.failures.get(key) ?? []).filter((t) => t > since)
    if (list.length) this.failures.set(key, list)
    else this.failures.delete(key)
    return list
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedForMs(key: string): number {
    const list = this.recent(key)
    return list.length < this.max ? 0 : list[list.length - this.max] + this.windowMs - this.now()
  }

  /** Records a failure; returns how many `key` has in the window now. */
  fail(key: string): number {
    const list = this.recent(key)
    list.push(this.now())
    if (list.length > this.max) list.shift()
    this.failures.delete(key)
    this.failures.set(key, list)
    if (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value
      if (oldest !== undefined) this.failures.delete(oldest)
    }
    return list.length
  }
}
