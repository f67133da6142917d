import { describe, expect, it } from 'vitest'
import { FvgOptionsSchema, type FvgOptionsInput } from '../../../shared/fvg.ts'
import { DEFAULT_ATR_PERIOD, FVG_DEFAULTS, withFvgDefaults } from '../../../shared/fvg-defaults.ts'

// withFvgDefaults fills in defaults without zod (a pool worker's path); on valid input it must give
// exactly what FvgOptionsSchema.parse gives, or a worker would scan with other options than its host.
const inputs: FvgOptionsInput[] = [
  {},
  { joinConsecutive: true },
  { middle: 'close-beyond', mitigation: 'half', label: 'third' },
  { middle: 'none', mitigation: 'full-close' },
  { minGap: { kind: 'percent', value: 0.2 } },
  { minGap: { kind: 'atr', multiple: 1.5 } },
  { minGap: { kind: 'atr', multiple: 0, period: 3 } },
  { minGap: { kind: 'auto' }, mitigation: 'full-wick' },
  { minGap: { kind: 'none' }, joinConsecutive: false },
]

describe('withFvgDefaults', () => {
  it.each(inputs.map((i) => [JSON.stringify(i), i] as const))('equals FvgOptionsSchema.parse for %s', (_, input) => {
    expect(withFvgDefaults(input)).toEqual(FvgOptionsSchema.parse(input))
  })

  it('is what the schema defaults to', () => {
    expect(FvgOptionsSchema.parse({})).toEqual(FVG_DEFAULTS)
    expect(withFvgDefaults()).toEqual(FVG_DEFAULTS)
    expect(FvgOptionsSchema.parse({ minGap: { kind: 'atr', multiple: 1 } }).minGap).toEqual({ kind: 'atr', multiple: 1, period: DEFAULT_ATR_PERIOD })
  })
})
