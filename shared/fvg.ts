// Fair Value Gap options and zones, shared by the engine, the CLI and the dashboard.
import { z } from 'zod'

/**
 * The longest ATR period accepted. Both the batch kernel and the streaming detector sum the last
 * `period` true ranges afresh for every candidate gap (in index order, so that the two agree to the
 * bit), and the detector keeps a `period`-long ring: the work is candles × period and the memory
 * 8 × period bytes. Period 75,000 over 150k candles froze the engine thread for 217 s and 2**31
 * allocated 16 GB. Charting tools offer ATR periods in the tens; 1,000 leaves ample room and keeps a
 * 150k-candle replay under ~150 M additions.
 */
export const MAX_ATR_PERIOD = 1000

export const MinGapSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** Gap height as a percentage of the bottom edge, at least `value` %. */
  z.object({ kind: z.literal('percent'), value: z.number().nonnegative() }),
  /** Gap height at least `multiple` × ATR(`period`) measured on the candles before the gap. */
  z.object({ kind: z.literal('atr'), multiple: z.number().nonnegative(), period: z.number().int().min(1).max(MAX_ATR_PERIOD).default(14) }),
  /** Relative gap height above the running mean of (high − low) / low (LuxAlgo's "auto"). */
  z.object({ kind: z.literal('auto') }),
])
export type MinGap = z.infer<typeof MinGapSchema>

export const FvgOptionsSchema = z.object({
  joinConsecutive: z.boolean().default(false),
  /** Middle-candle rule: `body` (smartmoneyconcepts), `close-beyond` (close past the first candle's wick), `none`. */
  middle: z.enum(['body', 'close-beyond', 'none']).default('body'),
  minGap: MinGapSchema.default({ kind: 'none' }),
  /** `touch` (smartmoneyconcepts), `full-wick`, `full-close`, `half` (50 % fill). */
  mitigation: z.enum(['touch', 'full-wick', 'full-close', 'half']).default('touch'),
  /** Which candle the zone is labelled on: the middle one (default) or the confirming third. */
  label: z.enum(['middle', 'third']).default('middle'),
})
export type FvgOptions = z.infer<typeof FvgOptionsSchema>
export const defaultFvgOptions: FvgOptions = FvgOptionsSchema.parse({})

export type Direction = 1 | -1

/** One zone, as it is stored, sent and printed. */
export const FvgZoneSchema = z.object({
  index: z.number().int(),
  time: z.number(),
  direction: z.union([z.literal(1), z.literal(-1)]),
  top: z.number(),
  bottom: z.number(),
  mitigatedIndex: z.number().int().nullable(),
  mitigatedTime: z.number().nullable(),
})
export type FvgZone = z.infer<typeof FvgZoneSchema>
