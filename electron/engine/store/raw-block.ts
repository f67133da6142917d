// A one-minute block of one metric's raw samples: sorted Int32 offsets from t0 and Float64 values.
// The store keeps the open hour's blocks in memory (their values also in the raw log) and writes each
// block once, when its hour closes.

export const BLOCK_MS = 60_000

/**
 * How a block's `ts` blob is encoded: 0, n little-endian Int32 offsets (the first schema); 1, the
 * offsets as zigzag LEB128 varints of their delta-of-deltas: one byte a value at a steady cadence, so
 * a block costs ~9 bytes a value instead of 12 (fewer bytes to write, the disk-budget issue).
 */
export type TsEncoding = 0 | 1

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
  static decode(id: number, t0: number, n: number, ts: Uint8Array, vs: Uint8Array, enc: TsEncoding = 0): RawBlock {
    const b = new RawBlock(id, t0, Math.max(64, n * 2))
    b.ts.set(decodeOffsets(ts, n, enc))
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

  /** Each value in time order, with its absolute timestamp. */
  forEach(fn: (t: number, v: number) => void): void {
    for (let k = 0; k < this.n; k++) fn(this.t0 + this.ts[k], this.vs[k])
  }

  /** min, max, sum and count of the block's values: its 1-minute rollup. */
  aggregate(): { min: number; max: number; sum: number; count: number } {
    return aggregateValues(this.vs, this.n)
  }

  private grow(): void {
    const ts = new Int32Array(this.ts.length * 2)
    const vs = new Float64Array(this.vs.length * 2)
    ts.set(this.ts)
    vs.set(this.vs)
    this.ts = ts
    this.vs = vs
  }

  /** The blobs to store (copies, little-endian on every platform Electron supports); ts as encoding 1. */
  encode(): { ts: Buffer; vs: Buffer; enc: TsEncoding } {
    return { ts: encodeDeltaOfDeltas(this.ts, this.n), vs: Buffer.from(this.vs.buffer.slice(0, this.n * 8)), enc: 1 }
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

/** min, max, sum and count of the first `n` values (a raw block's 1-minute rollup; count 0: ±Infinity). */
export function aggregateValues(vs: ArrayLike<number>, n: number): { min: number; max: number; sum: number; count: number } {
  let min = Infinity
  let max = -Infinity
  let sum = 0
  for (let k = 0; k < n; k++) {
    const v = vs[k]
    if (v < min) min = v
    if (v > max) max = v
    sum += v
  }
  return { min, max, sum, count: n }
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

/** Offsets as zigzag LEB128 varints of their delta-of-deltas (encoding 1). */
export function encodeDeltaOfDeltas(ts: Int32Array, n: number): Buffer {
  const out = Buffer.allocUnsafe(n * 5)
  let p = 0
  let prev = 0
  let prevDelta = 0
  for (let k = 0; k < n; k++) {
    const delta = ts[k] - prev
    const dod = delta - prevDelta
    prev = ts[k]
    prevDelta = delta
    let z = ((dod << 1) ^ (dod >> 31)) >>> 0
    while (z >= 0x80) {
      out[p++] = (z & 0x7f) | 0x80
      z >>>= 7
    }
    out[p++] = z
  }
  return Buffer.from(out.subarray(0, p))
}

/** A block's offsets from its `ts` blob, in either encoding; varints decode into `into` when it is long enough. */
export function decodeOffsets(blob: Uint8Array, n: number, enc: TsEncoding, into?: Int32Array): Int32Array {
  if (enc === 0) return int32View(blob, n)
  const ts = into !== undefined && into.length >= n ? into : new Int32Array(n)
  let p = 0
  let prev = 0
  let prevDelta = 0
  for (let k = 0; k < n; k++) {
    let z = 0
    let shift = 0
    let byte: number
    do {
      if (p >= blob.length) throw new Error(`raw block: timestamps end after ${k} of ${n} values`)
      byte = blob[p++]
      z |= (byte & 0x7f) << shift
      shift += 7
    } while (byte & 0x80)
    const dod = (z >>> 1) ^ -(z & 1)
    prevDelta += dod
    prev += prevDelta
    ts[k] = prev
  }
  return ts
}
