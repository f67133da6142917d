// The FVG options' choices, bounds and defaults, declared once and without zod: shared/fvg.ts builds
// FvgOptionsSchema from them, and a pool worker (which trusts the specs its host validated) fills in
// defaults from them without loading zod (~90 ms of a worker's start-up CPU).
import type { FvgOptions, FvgOptionsInput } from './fvg.ts'

/**
 * The longest ATR period accepted. Both the batch kernel and the streaming detector sum the last
 * `period` true ranges afresh for every candidate gap (in index order, so that the two agree to the
 * bit), and the detector keeps a `period`-long ring: the work is candles × period and the memory
 * 8 × period bytes. Period 75,000 over 150k candles froze the engine thread for 217 s and 2**31
 * allocated 16 GB. Charting tools offer ATR periods in the tens; 1,000 leaves ample room and keeps a
 * 150k-candle replay under ~150 M additions.
 */
export const MAX_ATR_PERIOD = 1000

/** The ATR period of an `atr` minimum gap that gives none. */
export const DEFAULT_ATR_PERIOD = 14

/** Middle-candle rules, mitigation rules and zone labels, in the order the UI lists them. */
export const MIDDLE_RULES = ['body', 'close-beyond', 'none'] as const
export const MITIGATION_RULES = ['touch', 'full-wick', 'full-close', 'half'] as const
export const ZONE_LABELS = ['middle', 'third'] as const

/** Every option's default (smartmoneyconcepts' definition). */
export const FVG_DEFAULTS = {
  joinConsecutive: false,
  middle: 'body',
  minGap: { kind: 'none' },
  mitigation: 'touch',
  label: 'middle',
} as const

/**
 * Options with the defaults filled in, WITHOUT validation: for input already checked by
 * FvgOptionsSchema (a pool job's spec, which its host validated). Equals FvgOptionsSchema.parse on
 * valid input (test/unit/shared/fvg-defaults.test.ts).
 */
export function withFvgDefaults(input: FvgOptionsInput = {}): FvgOptions {
  const gap = input.minGap ?? FVG_DEFAULTS.minGap
  return {
    joinConsecutive: input.joinConsecutive ?? FVG_DEFAULTS.joinConsecutive,
    middle: input.middle ?? FVG_DEFAULTS.middle,
    minGap: gap.kind === 'atr' ? { ...gap, period: gap.period ?? DEFAULT_ATR_PERIOD } : gap,
    mitigation: input.mitigation ?? FVG_DEFAULTS.mitigation,
    label: input.label ?? FVG_DEFAULTS.label,
  }
}
