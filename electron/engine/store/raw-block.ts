// A one-minute block of one metric's raw samples: sorted Int32 offsets from t0 and Float64 values.
// The store keeps the open (current) block of each metric in memory and rewrites it on each flush.

export const BLOCK_MS = 60_000

export class RawBlock {
  readonly id: number
  readonly t0: number
  n = 0
  private ts: Int32Array
  private vs: Float64Array
  dirty = false

  constructor(id: number, t0: number, capacity = 64) {
    this.id = id
    this.t0 = t0
    this.ts = new Int32Array(capacity)
    this.vs = new Float64Array(capacity)
  }

  /** Rebuilds a block from its stored blobs. */
  static decode(id: number, t0: number, n: number, ts: Uint8Array, vs: Uint8Array): RawBlock {
    const b = new RawBlock(id, t0, Math.max(64, n * 2))
    b.ts.set(int32View(ts, n))
    b.vs.set(float64View(vs, n))
    b.n = n
    return b
  }

  /** Adds a value; the same timestamp twice keeps the later value, so a retried write is idempotent. */
  put(t: number, v: number): void {
    const off = t - this.t0
    let i = this.n
    if (i > 0 && this.ts[i - 1] >= off) {
      i = lowerBound(this.ts, this.n, off)
      if (i < this.n && this.ts[i] === off) {
        this.vs[i] = v
        this.dirty = true
        return
      }
    }
    if (this.n === this.ts.length) this.grow()
    this.ts.copyWithin(i + 1, i, this.n)
    this.vs.copyWithin(i + 1, i, this.n)
    this.ts[i] = off
    this.vs[i] = v
    this.n++
    this.dirty = true
  }

  private grow(): void {
    const ts = new Int32Array(this.ts.length * 2)
    const vs = new Float64Array(this.vs.length * 2)
    ts.set(this.ts)
    vs.set(this.vs)
    this.ts = ts
    this.vs = vs
  }

  /** The blobs to store (copies, little-endian on every platform Electron supports). */
  encode(): { ts: Buffer; vs: Buffer } {
    return {
      ts: Buffer.from(this.ts.buffer.slice(0, this.n * 4)),
      vs: Buffer.from(this.vs.buffer.slice(0, this.n * 8)),
    }
  }
}

function lowerBound(a: Int32Array, n: number, x: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Views a stored blob as typed values, copying only when SQLite's buffer is misaligned. */
export function int32View(blob: Uint8Array, n: number): Int32Array {
  return blob.byteOffset % 4 === 0
    ? new Int32Array(blob.buffer, blob.byteOffset, n)
    : new Int32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + n * 4))
}
export function float64View(blob: Uint8Array, n: number): Float64Array {
  return blob.byteOffset % 8 === 0
    ? new Float64Array(blob.buffer, blob.byteOffset, n)
    : new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + n * 8))
}
