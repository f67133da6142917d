// The FVG entry points that validate their options (zod, FvgOptionsSchema). The kernel and the
// option codes stay zod-free so a pool worker, whose job specs its host validated, loads no zod.
import type { Candles } from '../../../shared/candles.ts'
import { FvgOptionsSchema } from '../../../shared/fvg.ts'
import type { FvgOptionsInput } from '../../../shared/fvg.ts'
import type { FvgResult } from './columns.ts'
import { detectFvgsResolved } from './kernel.ts'
import { compileFvgOptions, type ResolvedFvgOptions } from './options.ts'

/** Validates the options (throws a ZodError on bad input) and fills in the defaults. */
export function resolveFvgOptions(input: FvgOptionsInput = {}): ResolvedFvgOptions {
  return compileFvgOptions(FvgOptionsSchema.parse(input))
}

/** Detects the Fair Value Gaps of a series and their mitigation. Throws on invalid options. */
export function detectFvgs(c: Candles, options?: FvgOptionsInput): FvgResult {
  return detectFvgsResolved(c, resolveFvgOptions(options))
}
