// Aggregates over a sliding time window, updated incrementally per sample: a ring buffer of
// (t, v), a running sum, and monotonic deques for max and min (amortised O(1) per sample, no
// allocation once the buffer has grown to the window's size). For quantiles and the median/MAD the
// window also keeps its values sorted (binary search and one memmove per insert and removal), so
// p95 and the median are O(1) and the MAD one O(n/2) walk, with no copy.
import type { Aggregate } from '../../../shared/alerts.ts'

export class SlidingWindow {
  private ts: Float64Array
  private vs: Float64Array
  /** Sequence numbers: items lo..hi-1 are in the window, item s at index s & mask. */
  private lo = 0
  private hi = 0
  private mask: number
  /** Deques of sequence numbers, values decreasing (max) / increasing (min). */
  private maxQ: Float64Array
  private maxLo = 0
  private maxHi = 0
  private minQ: Float64Array
  private minLo = 0
  private minHi = 0
  private sum = 0
  private firstT: number | null = null
  private readonly windowMs: number
  private readonly trackExtremes: boolean
  /** The window's values in ascending order (when `sorted`). */
  private order: Float64Array | null
  private orderN = 0

  constructor(windowMs: number, o: { extremes?: boolean; sorted?: boolean; capacity?: number } = {}) {
    this.windowMs = windowMs
    this.trackExtremes = o.extremes ?? true
    this.order = o.sorted ? new Float64Array(16) : null
    let cap = 16
    while (cap < (o.capacity ?? 16)) cap *= 2
    this.mask = cap - 1
    this.ts = new Float64Array(cap)
    this.vs = new Float64Array(cap)
    this.maxQ = new Float64Array(this.trackExtremes ? cap : 0)
    this.minQ = new Float64Array(this.trackExtremes ? cap : 0)
  }

  get size(): number {
    return this.hi - this.lo
  }

  /** True once the samples seen span the whole window (an aggregate over less would be noise). */
  covered(t: number): boolean {
    return this.firstT !== null && t - this.firstT >= this.windowMs
  }

  /** Adds a sample and drops those at or before t − window. Times must not go backwards. */
  push(t: number, v: number): void {
    if (this.firstT === null) this.firstT = t
    if (this.size > this.mask) this.grow()
    const s = this.hi++
    this.ts[s & this.mask] = t
    this.vs[s & this.mask] = v
    this.sum += v
    if (this.order !== null) this.insertSorted(v)
    if (this.trackExtremes) {
      const m = this.mask
      while (this.maxHi > this.maxLo && this.vs[this.maxQ[(this.maxHi - 1) & m] & m] <= v) this.maxHi--
      this.maxQ[this.maxHi++ & m] = s
      while (this.minHi > this.minLo && this.vs[this.minQ[(this.minHi - 1) & m] & m] >= v) this.minHi--
      this.minQ[this.minHi++ & m] = s
    }
    this.evict(t - this.windowMs)
  }

  /** The clock the times come from stepped by `step` ms (an adopted wall clock step): the held samples move with it. */
  shift(step: number): void {
    for (let k = this.lo; k < this.hi; k++) this.ts[k & this.mask] += step
    if (this.firstT !== null) this.firstT += step
  }

  private evict(horizon: number): void {
    const m = this.mask
    while (this.hi - this.lo > 1 && this.ts[this.lo & m] <= horizon) {
      this.sum -= this.vs[this.lo & m]
      if (this.order !== null) this.removeSorted(this.vs[this.lo & m])
      const s = this.lo++
      if (this.trackExtremes) {
        if (this.maxHi > this.maxLo && this.maxQ[this.maxLo & m] === s) this.maxLo++
        if (this.minHi > this.minLo && this.minQ[this.minLo & m] === s) this.minLo++
      }
      // The running sum drifts by rounding: recompute it each time the buffer has turned over.
      if ((this.lo & m) === 0) {
        let total = 0
        for (let k = this.lo; k < this.hi; k++) total += this.vs[k & m]
        this.sum = total
      }
    }
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2
    const nm = cap - 1
    const ts = new Float64Array(cap)
    const vs = new Float64Array(cap)
    for (let s = this.lo; s < this.hi; s++) {
      ts[s & nm] = this.ts[s & this.mask]
      vs[s & nm] = this.vs[s & this.mask]
    }
    if (this.trackExtremes) {
      const maxQ = new Float64Array(cap)
      const minQ = new Float64Array(cap)
      for (let k = this.maxLo; k < this.maxHi; k++) maxQ[k & nm] = this.maxQ[k & this.mask]
      for (let k = this.minLo; k < this.minHi; k++) minQ[k & nm] = this.minQ[k & this.mask]
      this.maxQ = maxQ
      this.minQ = minQ
    }
    this.ts = ts
    this.vs = vs
    this.mask = nm
  }

  last(): number {
    return this.vs[(this.hi - 1) & this.mask]
  }
  first(): number {
    return this.vs[this.lo & this.mask]
  }
  avg(): number {
    return this.sum / this.size
  }
  max(): number {
    return this.vs[this.maxQ[this.maxLo & this.mask] & this.mask]
  }
  min(): number {
    return this.vs[this.minQ[this.minLo & this.mask] & this.mask]
  }

  /** First index in the sorted values whose value is > v (or ≥ v with `orEqual`). */
  private bound(v: number, orEqual: boolean): number {
    const a = this.order!
    let lo = 0
    let hi = this.orderN
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (a[mid] < v || (!orEqual && a[mid] === v)) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private insertSorted(v: number): void {
    if (this.orderN === this.order!.length) {
      const bigger = new Float64Array(this.order!.length * 2)
      bigger.set(this.order!)
      this.order = bigger
    }
    const a = this.order!
    const at = this.bound(v, false)
    a.copyWithin(at + 1, at, this.orderN)
    a[at] = v
    this.orderN++
  }

  private removeSorted(v: number): void {
    const a = this.order!
    const at = this.bound(v, true)
    a.copyWithin(at, at + 1, this.orderN)
    this.orderN--
  }

  /** The q-quantile (0–1) of the window's values, nearest rank (needs `sorted`). */
  quantile(q: number): number {
    const n = this.orderN
    return this.order![Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]
  }

  /** The median and the median absolute deviation of the window's values (needs `sorted`). */
  medianMad(): { median: number; mad: number } {
    const a = this.order!
    const n = this.orderN
    const median = n % 2 === 1 ? a[n >> 1] : (a[(n >> 1) - 1] + a[n >> 1]) / 2
    // The deviations in ascending order are a merge of the values below the median (walking down)
    // and above it (walking up): walk to the middle one(s).
    let left = this.bound(median, false) - 1
    let right = left + 1
    const kLo = (n - 1) >> 1
    const kHi = n >> 1
    let lo = 0
    let d = 0
    for (let k = 0; k <= kHi; k++) {
      const dl = left >= 0 ? median - a[left] : Infinity
      const dr = right < n ? a[right] - median : Infinity
      if (dl <= dr) {
        d = dl
        left--
      } else {
        d = dr
        right++
      }
      if (k === kLo) lo = d
    }
    return { median, mad: (lo + d) / 2 }
  }
}

/** One aggregate of one series over a window; `update` returns null until the window is covered. */
export class WindowAggregate {
  private readonly kind: Aggregate
  private readonly win: SlidingWindow | null

  constructor(kind: Aggregate, windowMs: number) {
    this.kind = kind
    this.win = kind === 'last' ? null : new SlidingWindow(windowMs, { extremes: kind === 'max' || kind === 'min', sorted: kind === 'p95' })
  }

  shift(step: number): void {
    this.win?.shift(step)
  }

  update(t: number, v: number): number | null {
    const w = this.win
    if (w === null) return v
    w.push(t, v)
    if (!w.covered(t)) return null
    switch (this.kind) {
      case 'avg':
        return w.avg()
      case 'max':
        return w.max()
      case 'min':
        return w.min()
      case 'p95':
        return w.quantile(0.95)
      case 'delta':
        return w.last() - w.first()
      default:
        return w.last()
    }
  }
}
