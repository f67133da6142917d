// A silence's end and a backtest's ends are real dates (1970–2200), refused naming the field: a
// silence until 1e300 was stored and blanked every dashboard that showed it; a backtest from -1e300
// answered "Invalid time value".
import { describe, expect, it } from 'vitest'
import { BacktestParamsSchema, SilenceParamsSchema } from '../../../shared/alerts.ts'
import { describeZodError } from '../../../shared/zod-error.ts'

const rule = { kind: 'threshold', name: 'r', metric: 'cpu.total', op: '>', threshold: 90 }

function refusal(schema: typeof SilenceParamsSchema | typeof BacktestParamsSchema, params: unknown): string | null {
  const r = schema.safeParse(params)
  return r.success ? null : describeZodError(r.error)
}

describe('times a client gives the alerts', () => {
  it.each([1e300, -1e300, -1, 8.64e15 + 1, Date.UTC(2200, 0, 1) + 1])('refuses a silence until %s, naming until', (until) => {
    expect(refusal(SilenceParamsSchema, { rule: 'x', until })).toMatch(/^until: must be a time (from 1970 on|before 2200)/)
  })

  it('takes a silence ending in an hour, or in 2199', () => {
    expect(refusal(SilenceParamsSchema, { rule: 'x', until: Date.now() + 3_600_000 })).toBeNull()
    expect(refusal(SilenceParamsSchema, { rule: 'x', until: Date.UTC(2199, 11, 31) })).toBeNull()
  })

  it('refuses a backtest from -1e300 or to 1e300, naming the field', () => {
    expect(refusal(BacktestParamsSchema, { rule, from: -1e300, to: Date.now() })).toMatch(/^from: must be a time from 1970 on/)
    expect(refusal(BacktestParamsSchema, { rule, from: 0, to: 1e300 })).toMatch(/^to: must be a time before 2200/)
    expect(refusal(BacktestParamsSchema, { rule, from: Date.now() - 86_400_000, to: Date.now() })).toBeNull()
  })
})
