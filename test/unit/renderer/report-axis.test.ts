// The report charts' value axes (renderer/src/report/axis.ts) are the dashboard's, on shared/axis.ts:
// byte sizes and rates tick at round binary values printed in one unit, percent axes stop where the
// metric registry says; and the report's unit enum is the registry's list of units.
import { describe, expect, it } from 'vitest'
import { reportValueAxis } from '../../../renderer/src/report/axis.ts'
import { METRICS, METRIC_UNITS } from '../../../shared/metrics.ts'
import { ReportUnitSchema, type Utilisation } from '../../../shared/report.ts'

const colors = { ink: '#111', grid: '#ddd' }

/** Runs the axis' hooks the way Chart.js does on a scale whose data reach `max`; returns the tick labels. */
function labels(u: Pick<Utilisation, 'metric' | 'unit'>, max: number): string[] {
  const axis = reportValueAxis(u, colors)
  const scale = { min: 0, max, ticks: [] as Array<{ value: number }> }
  ;(axis.afterDataLimits as (s: typeof scale) => void)(scale)
  ;(axis.afterBuildTicks as (s: typeof scale) => void)(scale)
  const format = axis.ticks!.callback as (v: number) => string
  return scale.ticks.map((t) => format(t.value))
}

describe('report value axes', () => {
  it('bytes: whole GiB ticks in one unit', () => {
    expect(labels({ metric: 'mem.used', unit: 'bytes' }, 3.2e9)).toEqual(['0 GiB', '1 GiB', '2 GiB', '3 GiB'])
  })

  it('rates: 1-2-5 steps with /s', () => {
    expect(labels({ metric: 'disk.read_bps', unit: 'bytesPerSec' }, 150 * 1024)).toEqual(['0 KiB/s', '50 KiB/s', '100 KiB/s', '150 KiB/s'])
  })

  it('percent: 0 to the registry axisMax (100 for shares of all cores or of memory), open for a group', () => {
    expect(reportValueAxis({ metric: 'cpu.total', unit: 'percent' }, colors)).toMatchObject({ min: 0, max: 100 })
    expect(reportValueAxis({ metric: 'mem.used_pct', unit: 'percent' }, colors)).toMatchObject({ min: 0, max: 100 })
    expect(reportValueAxis({ metric: 'gpu.0.util', unit: 'percent' }, colors)).toMatchObject({ min: 0, max: 100 })
    expect(reportValueAxis({ metric: 'group.trader.cpu', unit: 'percent' }, colors).max).toBeUndefined()
    expect((reportValueAxis({ metric: 'cpu.total', unit: 'percent' }, colors).ticks!.callback as (v: number) => string)(50)).toBe('50 %')
  })

  it('paper colours and print size', () => {
    expect(reportValueAxis({ metric: 'cpu.total', unit: 'percent' }, colors)).toMatchObject({ grid: { color: '#ddd' }, ticks: { color: '#111', font: { size: 10 } } })
  })

  it('the report unit enum is the registry’s units', () => {
    expect(ReportUnitSchema.options).toEqual([...METRIC_UNITS])
    for (const m of METRICS) expect(ReportUnitSchema.safeParse(m.unit).success).toBe(true)
  })
})
