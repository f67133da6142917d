// Report periods outside 1970–2200: the contract's schema took any finite number, so a `report`
// command (WebSocket, IPC) with to: 1e300 reached an internal RangeError ("Invalid time value") while
// the model was built, and `gapwatch report --to 99999999999999999999` passed the period check the same
// way. Both are now refused naming the parameter, as /api/query's from > to is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { PeriodError, resolvePeriod } from '../../electron/engine/report/period.ts'
import { ReportParamsSchema } from '../../shared/report.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { tempDir } from '../helpers/temp.ts'

describe('report periods past the times a date can hold', () => {
  let engine: Engine
  beforeAll(() => {
    engine = new Engine({ dataDir: tempDir('gw-report-params-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  })
  afterAll(async () => {
    await engine.stop()
  })

  it.each([
    [{ to: 1e300 }, /^Invalid parameters for "report": to: /],
    [{ from: 8.64e15, to: 8.64e15 + 1000 }, /^Invalid parameters for "report": from: /],
    [{ from: -9e15, to: -9e15 + 1e6 }, /^Invalid parameters for "report": from: /],
  ])('the report command refuses %j naming the parameter', async (params, message) => {
    const err = await engine.call('report', params).then(
      () => null,
      (e: unknown) => e as Error,
    )
    expect(err?.message).toMatch(message)
    expect(err?.message).not.toMatch(/Invalid time value/)
  })

  it('still builds a report of an ordinary period', async () => {
    const now = Date.now()
    await expect(engine.call('report', { from: now - 3_600_000, to: now })).resolves.toMatchObject({ period: { to: new Date(now).toISOString() } })
  })

  it('the schema and the period check (used by the CLI) say the same', () => {
    expect(ReportParamsSchema.safeParse({ to: 1e20 }).success).toBe(false)
    expect(() => resolvePeriod({ to: 1e20 }, Date.now())).toThrow(PeriodError)
    expect(() => resolvePeriod({ to: 1e20 }, Date.now())).toThrow(/is not a time between 1970 and 2200/)
    expect(() => resolvePeriod({ from: 1e20 }, Date.now())).toThrow(/is not a time between 1970 and 2200/)
  })
})
