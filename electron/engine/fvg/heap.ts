// A binary max-heap of (key: float64, slot: int32) pairs in growable typed arrays, for the pending
// zones of the mitigation sweep (see mitigation.ts). No allocation per operation except growth.

export class ZoneHeap {
  keys: Float64Array
  slots: Int32Array
  size = 0
  private capacity: number

  constructor(capacity = 64) {
    const cap = Math.max(4, capacity | 0)
    this.capacity = cap
    this.keys = new Float64Array(cap)
    this.slots = new Int32Array(cap)
  }

  /** Adds an entry. `key` must not be NaN (the heap order would break). */
  push(key: number, slot: number): void {
    if (this.size === this.capacity) this.grow()
    const keys = this.keys
    const slots = this.slots
    let i = this.size++
    while (i > 0) {
      const parent = (i - 1) >> 1
      const pk = keys[parent]
      if (pk >= key) break
      keys[i] = pk
      slots[i] = slots[parent]
      i = parent
    }
    keys[i] = key
    slots[i] = slot
  }

  /** Removes the top entry (the heap must not be empty) and returns its slot. */
  pop(): number {
    const keys = this.keys
    const slots = this.slots
    const top = slots[0]
    const n = --this.size
    if (n === 0) return top
    const key = keys[n]
    const slot = slots[n]
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= n) break
      if (child + 1 < n && keys[child + 1] > keys[child]) child++
      const ck = keys[child]
      if (ck <= key) break
      keys[i] = ck
      slots[i] = slots[child]
      i = child
    }
    keys[i] = key
    slots[i] = slot
    return top
  }

  private grow(): void {
    this.capacity *= 2
    const keys = new Float64Array(this.capacity)
    keys.set(this.keys)
    const slots = new Int32Array(this.capacity)
    slots.set(this.slots)
    this.keys = keys
    this.slots = slots
  }
}

/**
 * The pending zones of one direction, keyed by mitigation level, from which a candle removes every
 * entry with key ≥ its price. Entries go on a sorted stack when their key is ≥ the stack's top —
 * O(1) push and pop — and into a heap otherwise. Draining both is correct because every entry with
 * key ≥ the price is removed, in no particular order. Under the default touch rule without joining
 * every new zone's level lies beyond every pending one (a pending zone survived the candle whose
 * wick made the new zone's edge), so the heap is never used; other rules use both. `max` caches
 * the largest key (−Infinity when empty) so that a candle that mitigates nothing costs one
 * comparison.
 */
export class ZoneQueue {
  stackKeys: Float64Array
  stackSlots: Int32Array
  stackSize = 0
  private stackCapacity: number
  readonly heap: ZoneHeap
  /** The largest key, −Infinity when empty. */
  max = -Infinity

  constructor(capacity = 64) {
    const cap = Math.max(4, capacity | 0)
    this.stackCapacity = cap
    this.stackKeys = new Float64Array(cap)
    this.stackSlots = new Int32Array(cap)
    this.heap = new ZoneHeap(cap)
  }

  get size(): number {
    return this.stackSize + this.heap.size
  }

  /** Adds an entry. `key` must not be NaN. */
  push(key: number, slot: number): void {
    const n = this.stackSize
    if (n === 0 || key >= this.stackKeys[n - 1]) {
      if (n === this.stackCapacity) this.growStack()
      this.stackKeys[n] = key
      this.stackSlots[n] = slot
      this.stackSize = n + 1
    } else {
      this.heap.push(key, slot)
    }
    if (key > this.max) this.max = key
  }

  /**
   * Removes every entry with key ≥ `x`, setting `target[slot] = value` for each; returns the new
   * `max`.
   */
  drainAtLeast(x: number, target: Int32Array, value: number): number {
    let n = this.stackSize
    const keys = this.stackKeys
    const slots = this.stackSlots
    while (n > 0 && keys[n - 1] >= x) target[slots[--n]] = value
    this.stackSize = n
    const heap = this.heap
    while (heap.size > 0 && heap.keys[0] >= x) target[heap.pop()] = value
    return this.updateMax()
  }

  /** Removes one entry with key ≥ `x` and returns its slot, or returns −1 if there is none. */
  popAtLeast(x: number): number {
    let slot = -1
    const n = this.stackSize
    if (n > 0 && this.stackKeys[n - 1] >= x) {
      this.stackSize = n - 1
      slot = this.stackSlots[n - 1]
    } else if (this.heap.size > 0 && this.heap.keys[0] >= x) {
      slot = this.heap.pop()
    }
    if (slot >= 0) this.updateMax()
    return slot
  }

  private updateMax(): number {
    const n = this.stackSize
    const s = n > 0 ? this.stackKeys[n - 1] : -Infinity
    const h = this.heap.size > 0 ? this.heap.keys[0] : -Infinity
    return (this.max = s > h ? s : h)
  }

  private growStack(): void {
    this.stackCapacity *= 2
    const keys = new Float64Array(this.stackCapacity)
    keys.set(this.stackKeys)
    const slots = new Int32Array(this.stackCapacity)
    slots.set(this.stackSlots)
    this.stackKeys = keys
    this.stackSlots = slots
  }
}
