// gapwatch scan's FVG options from its arguments, checked without zod: the scan's first job waits
// for this check, and loading zod (with its locales) costs ~35 ms of CPU before it. The choices and
// bounds are shared/fvg-defaults.ts's, from which FvgOptionsSchema is built too; for every value
// the arguments can give, this accepts what the schema accepts and gives what it gives
// (test/unit/cli/scan-options.test.ts).
import type { FvgOptions, MinGap } from '../../shared/fvg.ts'
import { DEFAULT_ATR_PERIOD, MAX_ATR_PERIOD, MIDDLE_RULES, MITIGATION_RULES, ZONE_LABELS } from '../../shared/fvg-defaults.ts'
import { UsageError } from './common.ts'
import { parseDecimal } from './number-arg.ts'

/** The FVG arguments as parseArgs gives them (scan-early.ts parseScanArgs). */
export interface FvgArgs {
  'join-consecutive': boolean
  middle: string
  'min-gap': string
  mitigation: string
  label: string
}

/** The options the arguments ask for; a UsageError naming the flag and its choices for a bad one. */
export function fvgOptionsFromArgs(values: FvgArgs): FvgOptions {
  return {
    joinConsecutive: values['join-consecutive'],
    middle: oneOf('--middle', values.middle, MIDDLE_RULES),
    minGap: parseMinGap(values['min-gap']),
    mitigation: oneOf('--mitigation', values.mitigation, MITIGATION_RULES),
    label: oneOf('--label', values.label, ZONE_LABELS),
  }
}

function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T
  throw new UsageError(`Invalid option: ${flag}: "${value}" is not ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}.`)
}

/** `none`, `pct:0.1`, `atr:1.5` or `atr:1.5:14` (a period from 1 to MAX_ATR_PERIOD, rounded), `auto`. */
export function parseMinGap(text: string): MinGap {
  const [kind, a, b] = text.split(':')
  // Decimal digits only, as every numeric flag (number-arg.ts): Number() took atr:1.5:0x10 as period 16.
  const num = (v: string | undefined, what: string) => {
    const n = v === undefined ? null : parseDecimal(v)
    if (n === null || !Number.isFinite(n) || n < 0) throw new UsageError(`--min-gap: "${text}": ${what} must be a number ≥ 0.`)
    return n
  }
  switch (kind) {
    case 'none':
      return { kind: 'none' }
    case 'auto':
      return { kind: 'auto' }
    case 'pct':
      return { kind: 'percent', value: num(a, 'the percentage') }
    case 'atr': {
      const multiple = num(a, 'the multiple')
      const period = b === undefined ? DEFAULT_ATR_PERIOD : Math.max(1, Math.round(num(b, 'the period')))
      if (period > MAX_ATR_PERIOD) throw new UsageError(`--min-gap: "${text}": the period must be at most ${MAX_ATR_PERIOD}.`)
      return { kind: 'atr', multiple, period }
    }
    default:
      throw new UsageError(`--min-gap: "${text}" is not none, pct:VALUE, atr:MULTIPLE[:PERIOD] or auto.`)
  }
}
