// Failed authentication attempts per client address in a sliding window: past the limit the
// address gets 429 with Retry-After until its oldest failure leaves the window. The clock is
// injected so tests can move time.
//
// An address is counted by limitKey: an IPv6 client is routinely given a whole /64, and taking a new
// address of it for every few guesses escaped a per-address count; so IPv6 counts per /64.
import net from 'node:net'

/** The /64 of an IPv6 address ("2001:db8:1:2::/64"); an IPv4 or IPv4-mapped address as itself. */
export function limitKey(address: string): string {
  const a = address.replace(/%.*$/, '') // a link-local zone (fe80::1%eth0)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a)
  if (mapped) return mapped[1]
  if (!net.isIPv6(a)) return address
  return `${expandIPv6(a).slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`
}

/** The eight groups of a valid IPv6 address, '::' filled in and a dotted IPv4 tail made two groups. */
function expandIPv6(a: string): string[] {
  let s = a
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s)
  if (v4) {
    const [b0, b1, b2, b3] = v4.slice(1).map(Number)
    s = `${s.slice(0, v4.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`
  }
  const [head, tail] = s.split('::')
  const h = head ? head.split(':') : []
  if (tail === undefined) return h
  const t = tail ? tail.split(':') : []
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
}
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
