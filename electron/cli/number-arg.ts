// The one parser of numeric flags: decimal digits only. Number() took what no user means here:
// `--days 0x10` ran a 16-day look-back, `--workers 0x2` used 2 workers, `--port 0x50` bound port 80,
// and 1e1, " 16" and "16.0" passed as whole numbers too.
import { UsageError } from './common.ts'

const WHOLE = /^\d{1,15}$/
// Room for the fraction of any double written out (0.0000012345678901234567): --min-gap's values are.
const DECIMAL = /^-?(\d{1,15}(\.\d{1,30})?|\.\d{1,30})$/

/** `text` as a whole number written in decimal digits, or null. */
export function parseWhole(text: string): number | null {
  return WHOLE.test(text) ? Number(text) : null
}

/** A whole-number flag, from `min` to `max` when given; else a usage error naming the flag. */
export function wholeArg(flag: string, text: string, min?: number, max?: number): number {
  const n = parseWhole(text)
  const range = min === undefined || max === undefined ? '' : ` from ${min} to ${max}`
  if (n === null || (min !== undefined && n < min) || (max !== undefined && n > max)) throw new UsageError(`--${flag}: "${text}" is not a whole number${range}.`)
  return n
}

/** `text` as a decimal number (0.25, 12, -3, .5), or null: no hex, exponent, spaces or sign +. */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null
}

/** A decimal-number flag (0.25, 12, -3); else a usage error naming the flag. */
export function decimalArg(flag: string, text: string): number {
  const n = parseDecimal(text)
  if (n === null) throw new UsageError(`--${flag}: "${text}" is not a number (decimal digits, e.g. 0.25).`)
  return n
}
