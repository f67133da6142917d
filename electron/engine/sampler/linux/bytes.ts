// Byte-level helpers for parsing /proc buffers in place: no decoding to a string, no per-line split,
// no regex. Whitespace is what String.prototype.trim/\s+ would strip in these ASCII files.

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c
}

/** The index of the next '\n' at or after `from`, or `n`. */
export function lineEnd(buf: Uint8Array, from: number, n: number): number {
  for (let i = from; i < n; i++) if (buf[i] === 0x0a) return i
  return n
}

/**
 * The decimal value of buf[start, end) — the same as Number() of that text for plain digit strings;
 * NaN when it holds anything but digits (Number('') is 0, and so is an empty range here).
 */
export function decimalOf(buf: Uint8Array, start: number, end: number): number {
  let v = 0
  for (let i = start; i < end; i++) {
    const d = buf[i] - 0x30
    if (d < 0 || d > 9) return NaN
    v = v * 10 + d
  }
  return v
}

/** Whether buf[start, end) holds exactly the bytes of `key`. */
export function bytesEqual(buf: Uint8Array, start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false
  for (let i = 0; i < key.length; i++) if (buf[start + i] !== key[i]) return false
  return true
}

/**
 * Number() of the latin1 text buf[start, end), exactly: plain digits (what the kernel writes) are
 * read in place; anything else (a sign, an exponent, stray bytes) is decoded and given to Number().
 */
export function numberOf(buf: Uint8Array, start: number, end: number): number {
  const v = end - start <= 15 ? decimalOf(buf, start, end) : NaN
  return Number.isNaN(v) ? Number(latin1(buf, start, end)) : v
}

/** The latin1 text of buf[start, end) (a slow path: only for bytes the in-place parsers do not expect). */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = ''
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i])
  return s
}
