// FVG options: the compact numeric form the kernel and the streaming detector branch on (zod-free:
// a pool worker loads it; validation is resolveFvgOptions in validate.ts). The rules themselves are
// documented where they are applied: detection and the middle-candle rule in rules.ts, the minimum
// gap in min-gap.ts, mitigation in mitigation.ts, joining and labelling in kernel.ts.
import { withFvgDefaults } from '../../../shared/fvg-defaults.ts'
import type { FvgOptions, FvgOptionsInput } from '../../../shared/fvg.ts'

export type { FvgOptionsInput } from '../../../shared/fvg.ts'

/** Middle-candle rule codes. */
export const MIDDLE_BODY = 0
export const MIDDLE_CLOSE_BEYOND = 1
export const MIDDLE_NONE = 2

/** Minimum-gap codes. */
export const GAP_NONE = 0
export const GAP_PERCENT = 1
export const GAP_ATR = 2
export const GAP_AUTO = 3

/** Mitigation-rule codes. */
export const MIT_TOUCH = 0
export const MIT_FULL_WICK = 1
export const MIT_FULL_CLOSE = 2
export const MIT_HALF = 3

/** Options reduced to small integers and numbers (no strings or objects in the hot loops). */
export interface ResolvedFvgOptions {
  readonly options: FvgOptions
  readonly join: boolean
  readonly middle: number
  readonly gapKind: number
  /** percent: the minimum percentage; atr: the ATR multiple; otherwise 0. */
  readonly gapValue: number
  /** atr: the ATR period (≥ 1); otherwise 0. */
  readonly atrPeriod: number
  readonly mitigation: number
  /** 0 when zones are labelled on the middle candle, 1 when on the confirming third. */
  readonly labelOffset: number
}

const MIDDLE_CODES = { body: MIDDLE_BODY, 'close-beyond': MIDDLE_CLOSE_BEYOND, none: MIDDLE_NONE } as const
const MITIGATION_CODES = {
  touch: MIT_TOUCH,
  'full-wick': MIT_FULL_WICK,
  'full-close': MIT_FULL_CLOSE,
  half: MIT_HALF,
} as const

/**
 * Options already validated (FvgOptionsSchema; a pool job's, checked by its host) with the defaults
 * filled in, WITHOUT validation. Input from anywhere else goes through resolveFvgOptions (validate.ts).
 */
export function compileFvgOptions(input: FvgOptionsInput = {}): ResolvedFvgOptions {
  const options = withFvgDefaults(input)
  const gap = options.minGap
  let gapKind = GAP_NONE
  let gapValue = 0
  let atrPeriod = 0
  switch (gap.kind) {
    case 'none':
      break
    case 'percent':
      gapKind = GAP_PERCENT
      gapValue = gap.value
      break
    case 'atr':
      gapKind = GAP_ATR
      gapValue = gap.multiple
      atrPeriod = gap.period
      break
    case 'auto':
      gapKind = GAP_AUTO
      break
  }
  return {
    options,
    join: options.joinConsecutive,
    middle: MIDDLE_CODES[options.middle],
    gapKind,
    gapValue,
    atrPeriod,
    mitigation: MITIGATION_CODES[options.mitigation],
    labelOffset: options.label === 'third' ? 1 : 0,
  }
}
