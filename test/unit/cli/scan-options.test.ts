// gapwatch scan checks its FVG options without zod (cli/scan-options.ts): for every value its
// arguments can give, it must accept exactly what FvgOptionsSchema accepts and give what it gives,
// so the specs it sends as trusted (pool-core.ts trustSpec) are ones the engine's Pool would pass.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fvgOptionsFromArgs, type FvgArgs } from '../../../electron/cli/scan-options.ts'
import { UsageError } from '../../../electron/cli/common.ts'
import { FvgOptionsSchema } from '../../../shared/fvg.ts'
import { MIDDLE_RULES, MITIGATION_RULES, ZONE_LABELS } from '../../../shared/fvg-defaults.ts'

const args = (o: Partial<FvgArgs> = {}): FvgArgs => ({ 'join-consecutive': false, middle: 'body', 'min-gap': 'none', mitigation: 'touch', label: 'middle', ...o })

/**
 * What the CLI did before, as the oracle: its min-gap parse (without the period's bound), then the
 * schema; null: refused. One change since: a number is decimal digits only (no hex, no exponent).
 */
function before(a: FvgArgs): unknown {
  const [kind, x, y] = a['min-gap'].split(':')
  const decimal = (v: string) => /^-?(\d+(\.\d+)?|\.\d+)$/.test(v)
  const num = (v: string | undefined) => (v === undefined || !decimal(v) || !Number.isFinite(Number(v)) || Number(v) < 0 ? null : Number(v))
  let minGap: unknown = null
  if (kind === 'none' || kind === 'auto') minGap = { kind }
  else if (kind === 'pct' && num(x) !== null) minGap = { kind: 'percent', value: num(x) }
  else if (kind === 'atr' && num(x) !== null && (y === undefined || num(y) !== null)) minGap = { kind: 'atr', multiple: num(x), period: y === undefined ? 14 : Math.max(1, Math.round(num(y)!)) }
  if (minGap === null) return null
  const r = FvgOptionsSchema.safeParse({ joinConsecutive: a['join-consecutive'], middle: a.middle, minGap, mitigation: a.mitigation, label: a.label })
  return r.success ? r.data : null
}

function checked(a: FvgArgs): unknown {
  try {
    return fvgOptionsFromArgs(a)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return null
  }
}

const choice = (valid: readonly string[]) => fc.oneof(fc.constantFrom(...valid), fc.constantFrom('', 'Body', 'wick', 'third ', 'none'), fc.string({ maxLength: 6 }))
const minGapText = fc.oneof(
  fc.constantFrom('none', 'auto', 'pct', 'atr', 'atr:1:0', 'atr:1:1000', 'atr:1:1000.4', 'atr:1:1000.5', 'atr:1:1001', 'atr:1e3', 'pct:-1', 'pct:1e400', 'x', 'atr:1.5:0x10', 'pct:0x10', 'atr:1e1', 'pct: 1', 'atr:.5:14.4'),
  fc.tuple(fc.constantFrom('pct', 'atr'), fc.double({ min: 0, max: 2000, noNaN: true }), fc.option(fc.double({ min: 0, max: 3000, noNaN: true }), { nil: undefined }))
    .map(([k, a, b]) => [k, String(a), ...(b === undefined ? [] : [String(b)])].join(':')),
)

describe('fvgOptionsFromArgs', () => {
  it('accepts what FvgOptionsSchema accepts and gives what it gives', () => {
    fc.assert(fc.property(fc.boolean(), choice(MIDDLE_RULES), choice(MITIGATION_RULES), choice(ZONE_LABELS), minGapText, (join, middle, mitigation, label, gap) => {
      const a = args({ 'join-consecutive': join, middle, mitigation, label, 'min-gap': gap })
      expect(checked(a)).toEqual(before(a))
    }), { numRuns: 2000 })
  })

  it('names the flag, the value and the choices', () => {
    expect(() => fvgOptionsFromArgs(args({ middle: 'sideways' }))).toThrow('Invalid option: --middle: "sideways" is not body, close-beyond or none.')
    expect(() => fvgOptionsFromArgs(args({ mitigation: 'x' }))).toThrow('Invalid option: --mitigation: "x" is not touch, full-wick, full-close or half.')
    expect(() => fvgOptionsFromArgs(args({ label: '' }))).toThrow('Invalid option: --label: "" is not middle or third.')
    expect(() => fvgOptionsFromArgs(args({ 'min-gap': 'atr:1:1001' }))).toThrow('--min-gap: "atr:1:1001": the period must be at most 1000.')
  })

  it('reads --min-gap numbers as decimal digits only, as every numeric flag', () => {
    expect(() => fvgOptionsFromArgs(args({ 'min-gap': 'atr:1.5:0x10' }))).toThrow('--min-gap: "atr:1.5:0x10": the period must be a number ≥ 0.')
    expect(() => fvgOptionsFromArgs(args({ 'min-gap': 'pct:0x10' }))).toThrow('--min-gap: "pct:0x10": the percentage must be a number ≥ 0.')
    expect(() => fvgOptionsFromArgs(args({ 'min-gap': 'atr:1e1' }))).toThrow('--min-gap: "atr:1e1": the multiple must be a number ≥ 0.')
    expect(fvgOptionsFromArgs(args({ 'min-gap': 'atr:.5:14.4' })).minGap).toEqual({ kind: 'atr', multiple: 0.5, period: 14 })
    expect(fvgOptionsFromArgs(args({ 'min-gap': 'pct:0.000001234567890123456' })).minGap).toEqual({ kind: 'percent', value: 0.000001234567890123456 })
  })
})
