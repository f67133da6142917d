import { describe, expect, it } from 'vitest'
import { MAX_NUMBER_BYTES, writeNumber, writeUint } from '../../../../electron/engine/pool/number-bytes.ts'

const buf = new Uint8Array(64)
const decoder = new TextDecoder()
const written = (write: (b: Uint8Array, pos: number) => number): string => {
  buf.fill(0)
  // Start past 0 so a writer that ignores `pos` is caught.
  const end = write(buf, 3)
  expect(end - 3).toBeLessThanOrEqual(MAX_NUMBER_BYTES)
  return decoder.decode(buf.subarray(3, end))
}
const asJson = (v: number) => (Number.isFinite(v) ? String(v) : 'null')

/** A seeded uniform source (mulberry32), so a failure names a value that reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('writeUint', () => {
  it('prints whole numbers up to 2^53 as String() does', () => {
    const edges = [0, 1, 9, 10, 99, 100, 101, 999_999_999, 1e9, 1e9 + 1, 2 ** 31 - 1, 2 ** 31, 946_857_600_000, 1_700_000_000_123, 2 ** 53 - 1]
    // Every digit count's first and last number (digitCount's bounds).
    for (let k = 1; k <= 15; k++) edges.push(10 ** k - 1, 10 ** k)
    for (const n of edges) expect(written((b, p) => writeUint(b, p, n))).toBe(String(n))
    const r = rng(1)
    for (let i = 0; i < 20_000; i++) {
      const n = Math.floor(r() * 10 ** Math.floor(r() * 16))
      expect(written((b, p) => writeUint(b, p, n))).toBe(String(n))
    }
  })
})

describe('writeNumber', () => {
  it('prints prices with a few decimals exactly as String() does', () => {
    const r = rng(2)
    for (let i = 0; i < 50_000; i++) {
      const decimals = Math.floor(r() * 10)
      const magnitude = Math.floor(r() * 8) - 3
      const v = Math.round(r() * 10 ** (magnitude + decimals)) / 10 ** decimals
      expect(written((b, p) => writeNumber(b, p, v))).toBe(String(v))
      expect(written((b, p) => writeNumber(b, p, -v))).toBe(String(-v))
    }
  })

  it('falls back to String() for every other double, and prints null for NaN and infinities', () => {
    const edges = [
      0, -0, 1, -1, 0.1, 0.2 + 0.1, 1 / 3, 2 / 3, 1e-6, 1.5e-6, 9.99e-7, 1e-7, 123e-20, 1e15, 1e15 - 1, 999_999_999_999_999.9,
      1e21, 1.7976931348623157e308, 5e-324, 2 ** 53, 2 ** 53 + 2, 0.000001234, 9.999999999999998, 99.99999999999999,
      1.0855, 1.08606, 145.721, 2034.15, 67_123.45, NaN, Infinity, -Infinity,
    ]
    for (const v of edges) expect(written((b, p) => writeNumber(b, p, v)), String(v)).toBe(asJson(v))
    const r = rng(3)
    const f64 = new Float64Array(1)
    const u32 = new Uint32Array(f64.buffer)
    for (let i = 0; i < 50_000; i++) {
      // Any bit pattern, and plain random doubles scaled across magnitudes.
      u32[0] = (r() * 2 ** 32) >>> 0
      u32[1] = (r() * 2 ** 32) >>> 0
      const v = i % 2 ? f64[0] : r() * 10 ** (Math.floor(r() * 30) - 10)
      expect(written((b, p) => writeNumber(b, p, v))).toBe(asJson(v))
    }
  })
})
