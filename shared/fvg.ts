// Fair Value Gap options and zones, shared by the engine, the CLI and the dashboard.
import { z } from 'zod'
import { DEFAULT_ATR_PERIOD, FVG_DEFAULTS, MAX_ATR_PERIOD, MIDDLE_RULES, MITIGATION_RULES, ZONE_LABELS } from './fvg-defaults.ts'

export { MAX_ATR_PERIOD } from './fvg-defaults.ts'

export const MinGapSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** Gap height as a percentage of the bottom edge, at least `value` %. */
  z.object({ kind: z.literal('percent'), value: z.number().nonnegative() }),
  /** Gap height at least `multiple` × ATR(`period`) measured on the candles before the gap. */
  z.object({ kind: z.literal('atr'), multiple: z.number().nonnegative(), period: z.number().int().min(1).max(MAX_ATR_PERIOD).default(DEFAULT_ATR_PERIOD) }),
  /** Relative gap height above the running mean of (high − low) / low (LuxAlgo's "auto"). */
  z.object({ kind: z.literal('auto') }),
])
export type MinGap = z.infer<typeof MinGapSchema>

export const FvgOptionsSchema = z.object({
  joinConsecutive: z.boolean().default(FVG_DEFAULTS.joinConsecutive),
  /** Middle-candle rule: `body` (smartmoneyconcepts), `close-beyond` (close past the first candle's wick), `none`. */
  middle: z.enum(MIDDLE_RULES).default(FVG_DEFAULTS.middle),
  minGap: MinGapSchema.default(FVG_DEFAULTS.minGap),
  /** `touch` (smartmoneyconcepts), `full-wick`, `full-close`, `half` (50 % fill). */
  mitigation: z.enum(MITIGATION_RULES).default(FVG_DEFAULTS.mitigation),
  /** Which candle the zone is labelled on: the middle one (default) or the confirming third. */
  label: z.enum(ZONE_LABELS).default(FVG_DEFAULTS.label),
})
export type FvgOptions = z.infer<typeof FvgOptionsSchema>
/** What callers may pass: every field optional, the ATR period defaulting to 14. */
export type FvgOptionsInput = z.input<typeof FvgOptionsSchema>
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
