// Numbers written straight into a byte buffer, exactly as String(v) and JSON.stringify print them.
// `gapwatch scan` writes a few hundred thousand zones, four integers and two prices each; formatting
// them through strings cost more than the scan itself. Each writer takes the buffer and a position
// and returns the position after what it wrote; the caller makes room first (at most MAX_NUMBER_BYTES).

/** The most bytes one writeNumber call writes ("-1.2345678901234567e-123" is 24). */
export const MAX_NUMBER_BYTES = 25

/** "00".."99" as byte pairs: two digits per division. */
const PAIRS = new Uint8Array(200)
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + ((i / 10) | 0)
  PAIRS[2 * i + 1] = 48 + (i % 10)
}

/** Powers of ten that are exact doubles, for the decimal fast path. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]
const MAX_DECIMALS = POW10.length - 1

/**
 * The digits of 0 ≤ n < 10^10. Every comparison runs on every call: a nested test reached only by
 * larger numbers (a zone index past 10,000 partway through a file) has no type feedback until then,
 * and V8 throws away the optimised number writers when it is first taken.
 */
function digitCount(n: number): number {
  return 1 + +(n >= 10) + +(n >= 100) + +(n >= 1e3) + +(n >= 1e4) + +(n >= 1e5) + +(n >= 1e6) + +(n >= 1e7) + +(n >= 1e8) + +(n >= 1e9)
}

/** 0 ≤ n < 2^31: the digits end at pos + width, padded with zeros on the left to `width`. */
function writeDigits(buf: Uint8Array, pos: number, n: number, width: number): number {
  let p = pos + width
  while (n >= 100) {
    const q = (n / 100) | 0
    const r = (n - q * 100) << 1
    buf[--p] = PAIRS[r + 1]
    buf[--p] = PAIRS[r]
    n = q
  }
  if (n >= 10) {
    buf[--p] = PAIRS[(n << 1) + 1]
    buf[--p] = PAIRS[n << 1]
  } else buf[--p] = 48 + n
  while (p > pos) buf[--p] = 48
  return pos + width
}

/** A whole number 0 ≤ n < 2^53 (epoch milliseconds included), as String(n) prints it. */
export function writeUint(buf: Uint8Array, pos: number, n: number): number {
  if (n < 1e9) return writeDigits(buf, pos, n, digitCount(n))
  // Split into parts below 2^31 so the digit loop stays in 32-bit integer math.
  const hi = Math.floor(n / 1e9)
  pos = writeDigits(buf, pos, hi, digitCount(hi))
  return writeDigits(buf, pos, n - hi * 1e9, 9)
}

/** The decimals of the last value written: prices in a column usually share them. */
let hint = 0

/**
 * Any number, byte for byte as String(v) (JSON's `null` for NaN and ±Infinity).
 * Fast path: a value 1e-6 ≤ |v| < 1e15 that is the double nearest to m / 10^d for some d ≤ 9 (a
 * price with a few decimals, a time in ms). m stays below 10^15, so 10^-d spans several ulps of v:
 * m is the only integer that works at that d, and v·10^d rounds to it exactly. With m's trailing
 * zeros dropped, its digits are then the shortest that round-trip, which is what String(v) prints.
 * Anything else goes through String(v).
 */
export function writeNumber(buf: Uint8Array, pos: number, v: number): number {
  const a = v < 0 ? -v : v
  if (a >= 1e-6 && a < 1e15) {
    if (Math.floor(a) === a) {
      if (v < 0) buf[pos++] = 45
      return writeUint(buf, pos, a)
    }
    // Try the last value's decimals first, then more; fewer come out of the trailing zeros.
    for (let d = hint; d <= MAX_DECIMALS; d++) {
      const scale = POW10[d]
      let m = Math.round(a * scale)
      if (m >= 1e15) break
      if (m / scale !== a) continue
      hint = d
      let e = d
      while (m % 10 === 0) {
        m /= 10
        e--
      }
      if (v < 0) buf[pos++] = 45
      const unit = POW10[e]
      const whole = Math.floor(m / unit)
      pos = writeUint(buf, pos, whole)
      buf[pos++] = 46
      return writeDigits(buf, pos, m - whole * unit, e)
    }
    hint = 0
  }
  if (v === 0) {
    buf[pos] = 48
    return pos + 1
  }
  const s = Number.isFinite(v) ? String(v) : 'null'
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i)
  return pos
}
