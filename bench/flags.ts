// Command-line flags of the benchmarks, read with node:util parseArgs (strict: an unknown flag is
// refused). A number flag out of its bounds ends the benchmark with exit code 2 and a message naming
// the flag and the value, as `gapwatch` does for its own flags, instead of running with NaN.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'

export interface NumberBounds {
  /** Smallest allowed value. */
  min: number
  /** Largest allowed value. Default: none. */
  max?: number
  /** Whole numbers only. Default true. */
  integer?: boolean
}

/** The checked value of a number flag parsed as a string; `dflt` when it was not given. */
export function numberFlag(flag: string, raw: string | undefined, dflt: number, b: NumberBounds): number {
  if (raw === undefined) return dflt
  const n = raw.trim() === '' ? NaN : Number(raw)
  const whole = b.integer ?? true
  if (!Number.isFinite(n) || (whole && !Number.isInteger(n)) || n < b.min || (b.max !== undefined && n > b.max)) {
    const range = b.max === undefined ? `at least ${b.min}` : `${b.min}–${b.max}`
    fail(`${flag} must be ${whole ? 'an integer' : 'a number'} ${range}, got '${raw}'`)
  }
  return n
}

/** parseArgs over this process's arguments; a flag it does not know ends the benchmark (exit 2). */
export function benchArgs<T extends ParseArgsOptionsConfig>(options: T): ReturnType<typeof parseArgs<{ options: T }>>['values'] {
  try {
    return parseArgs({ options }).values
  } catch (err) {
    return fail((err as Error).message)
  }
}

function fail(message: string): never {
  console.error(`${process.argv[1] ? process.argv[1].split(/[\\/]/).slice(-2).join('/') : 'bench'}: ${message}`)
  process.exit(2)
}
