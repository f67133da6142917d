// Aggregates over a sliding time window, updated incrementally per sample: a ring buffer of
// (t, v), a running sum, and monotonic deques for max and min (amortised O(1) per sample, no
// allocation once the buffer has grown to the window's size). p95 selects over a reused scratch array.
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
  private scratch: Float64Array | null = null
  private firstT: number | null = null
  private readonly windowMs: number
  private readonly trackExtremes: boolean

  constructor(windowMs: number, o: { extremes?: boolean; capacity?: number } = {}) {
    this.windowMs = windowMs
    this.trackExtremes = o.extremes ?? true
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
    if (this.trackExtremes) {
      const m = this.mask
      while (this.maxHi > this.maxLo && this.vs[this.maxQ[(this.maxHi - 1) & m] & m] <= v) this.maxHi--
      this.maxQ[this.maxHi++ & m] = s
      while (this.minHi > this.minLo && this.vs[this.minQ[(this.minHi - 1) & m] & m] >= v) this.minHi--
      this.minQ[this.minHi++ & m] = s
    }
    this.evict(t - this.windowMs)
  }

  private evict(horizon: number): void {
    const m = this.mask
    while (this.hi - this.lo > 1 && this.ts[this.lo & m] <= horizon) {
      this.sum -= this.vs[this.lo & m]
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

  /** The q-quantile (0–1) of the window's values, nearest rank. */
  quantile(q: number): number {
    const n = this.size
    if (this.scratch === null || this.scratch.length < n) this.scratch = new Float64Array(this.mask + 1)
    const a = this.scratch
    for (let k = 0; k < n; k++) a[k] = this.vs[(this.lo + k) & this.mask]
    return select(a, n, Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1)))
  }

  /** The median and the median absolute deviation of the window's values. */
  medianMad(): { median: number; mad: number } {
    const n = this.size
    const median = this.quantileMid(n)
    const a = this.scratch!
    for (let k = 0; k < n; k++) a[k] = Math.abs(this.vs[(this.lo + k) & this.mask] - median)
    return { median, mad: midOf(a, n) }
  }

  private quantileMid(n: number): number {
    if (this.scratch === null || this.scratch.length < n) this.scratch = new Float64Array(this.mask + 1)
    const a = this.scratch
    for (let k = 0; k < n; k++) a[k] = this.vs[(this.lo + k) & this.mask]
    return midOf(a, n)
  }
}

function midOf(a: Float64Array, n: number): number {
  const hiMid = select(a, n, n >> 1)
  if (n % 2 === 1) return hiMid
  // Every value left of n/2 is ≤ hiMid after the selection: the lower middle is their max.
  let lo = -Infinity
  for (let k = 0; k < n >> 1; k++) if (a[k] > lo) lo = a[k]
  return (lo + hiMid) / 2
}

/** Quickselect (Hoare): the k-th smallest of a[0..n), reordering a. */
function select(a: Float64Array, n: number, k: number): number {
  let l = 0
  let r = n - 1
  while (l < r) {
    const pivot = a[(l + r) >> 1]
    let i = l
    let j = r
    while (i <= j) {
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) {
        const x = a[i]
        a[i] = a[j]
        a[j] = x
        i++
        j--
      }
    }
    if (k <= j) r = j
    else if (k >= i) l = i
    else return a[k]
  }
  return a[k]
}

/** One aggregate of one series over a window; `update` returns null until the window is covered. */
export class WindowAggregate {
  private readonly kind: Aggregate
  private readonly win: SlidingWindow | null

  constructor(kind: Aggregate, windowMs: number) {
    this.kind = kind
    this.win = kind === 'last' ? null : new SlidingWindow(windowMs, { extremes: kind === 'max' || kind === 'min' })
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
