// Decimal parsing straight from bytes, with exactly the result of `Number(text)`.
//
// Fast path (Clinger 1990): a plain decimal `[+-]digits[.digits]` whose digits, read as one integer
// m, stay below 2^53 is exact in a double, and so is 10^k for k <= 22; IEEE division is correctly
// rounded, so m / 10^k is the double nearest to the decimal value: the same double Number() returns.
// Anything else (more significant digits, more than 22 fractional digits, an exponent) is handed to
// Number() on the text, after checking the text is a plain decimal (Number() alone would also
// accept '0x1f', 'Infinity', '' and ' ').

import { MAX_NUMBER_CELL_CHARS } from '../../../shared/limits.ts'

export const TWO_POW_53 = 9007199254740992

/** 10^0 .. 10^22, all exactly representable as doubles. */
export const POW10 = new Float64Array(23)
for (let k = 0, p = 1; k <= 22; k++, p *= 10) POW10[k] = p

const DIGIT_0 = 48
const DOT = 46
const COMMA = 44
const MINUS = 45
const PLUS = 43

// Unambiguous: the optional '.' decides where the integer digits end, so a run of digits is split
// one way only. The old `\d+\.?\d*` let `\d+` and `\d*` share a run in n ways and backtracked
// quadratically when the text then failed (10k digits then 'e': 0.67 s; 40k: 6.2 s).
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Parses the decimal in `buf[start, end)` (already trimmed). Returns NaN when the text is not a
 * finite decimal number (including an empty range). With `commaDecimal`, a ',' is accepted as the
 * decimal point ('1,25' = 1.25), for semicolon- or tab-separated files written with a European locale.
 */
export function parseDecimalBytes(buf: Uint8Array, start: number, end: number, commaDecimal = false): number {
  let i = start
  let neg = false
  let c = buf[i]
  if (c === MINUS) {
    neg = true
    i++
  } else if (c === PLUS) {
    i++
  }
  let m = 0
  let digits = 0
  let frac = 0
  while (i < end) {
    const d = buf[i] - DIGIT_0
    if (d < 0 || d > 9) break
    m = m * 10 + d
    digits++
    i++
  }
  if (i < end) {
    c = buf[i]
    if (c === DOT || (commaDecimal && c === COMMA)) {
      i++
      while (i < end) {
        const d = buf[i] - DIGIT_0
        if (d < 0 || d > 9) break
        m = m * 10 + d
        frac++
        i++
      }
    }
  }
  if (digits + frac === 0) return NaN
  if (i === end) {
    // m only grows, so m < 2^53 at the end means every step above was exact.
    if (m < TWO_POW_53 && frac <= 22) {
      const v = frac === 0 ? m : m / POW10[frac]
      return neg ? -v : v
    }
    return slowParse(buf, start, end, commaDecimal)
  }
  c = buf[i]
  if (c === 101 || c === 69) return slowParse(buf, start, end, commaDecimal) // 'e' | 'E'
  return NaN
}

function slowParse(buf: Uint8Array, start: number, end: number, commaDecimal: boolean): number {
  // No number needs more characters; a longer cell is refused before any text is built from it.
  if (end - start > MAX_NUMBER_CELL_CHARS) return NaN
  // One latin1 slice (every byte one character, as the old per-byte loop built it): a 60 MB digit
  // cell concatenated a character at a time took 18–42 s and 2.4 GB.
  const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1')
  return parseDecimalText(commaDecimal ? text.replace(',', '.') : text)
}

/** `Number(text)` restricted to plain finite decimals (optionally with an exponent); NaN otherwise. */
export function parseDecimalText(text: string): number {
  if (text.length > MAX_NUMBER_CELL_CHARS || !DECIMAL_RE.test(text)) return NaN
  const v = Number(text)
  return Number.isFinite(v) ? v : NaN
}
