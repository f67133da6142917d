// Growable typed-array columns the kernel writes zones into, trimmed into an FvgResult at the end.

/** The zones of a series, in columns sorted by index; every array has length `count`. */
export interface FvgResult {
  count: number
  /** Label candle: the middle one (i) or the confirming third (i + 1), per the `label` option. */
  index: Int32Array
  /** 1 bullish, −1 bearish. */
  direction: Int8Array
  top: Float64Array
  bottom: Float64Array
  /** First mitigating candle, −1 if none. */
  mitigatedIndex: Int32Array
}

/** Growable output columns. */
export class ZoneColumns {
  count = 0
  /** Length of every column (a plain field: reading a typed array's length is slower). */
  capacity: number
  index: Int32Array
  direction: Int8Array
  top: Float64Array
  bottom: Float64Array
  mitigated: Int32Array

  constructor(capacity: number) {
    this.capacity = capacity
    this.index = new Int32Array(capacity)
    this.direction = new Int8Array(capacity)
    this.top = new Float64Array(capacity)
    this.bottom = new Float64Array(capacity)
    this.mitigated = new Int32Array(capacity)
  }

  /** Appends an unmitigated zone and returns its slot. */
  add(index: number, direction: number, top: number, bottom: number): number {
    const slot = this.count
    if (slot === this.capacity) this.grow()
    this.index[slot] = index
    this.direction[slot] = direction
    this.top[slot] = top
    this.bottom[slot] = bottom
    this.mitigated[slot] = -1
    this.count = slot + 1
    return slot
  }

  private grow(): void {
    const cap = this.capacity * 2
    this.capacity = cap
    const index = new Int32Array(cap)
    index.set(this.index)
    this.index = index
    const direction = new Int8Array(cap)
    direction.set(this.direction)
    this.direction = direction
    const top = new Float64Array(cap)
    top.set(this.top)
    this.top = top
    const bottom = new Float64Array(cap)
    bottom.set(this.bottom)
    this.bottom = bottom
    const mitigated = new Int32Array(cap)
    mitigated.set(this.mitigated)
    this.mitigated = mitigated
  }

  result(): FvgResult {
    const n = this.count
    return {
      count: n,
      index: this.index.slice(0, n),
      direction: this.direction.slice(0, n),
      top: this.top.slice(0, n),
      bottom: this.bottom.slice(0, n),
      mitigatedIndex: this.mitigated.slice(0, n),
    }
  }
}

