// Charts of whole things (jobs, workers) get integer ticks only: the hooks set the scale from
// shared/axis.ts countAxis whatever range Chart.js computed.
import { describe, expect, it } from 'vitest'
import type { Scale } from 'chart.js'
import { integerTicks } from '../../../renderer/src/charts/count-axis.ts'

function run(max: number): number[] {
  const hooks = integerTicks()
  // The part of a Chart.js scale the hooks read and write.
  const scale = { min: 0, max, ticks: [] as Array<{ value: number }> }
  hooks.afterDataLimits!(scale as unknown as Scale)
  hooks.afterBuildTicks!(scale as unknown as Scale)
  expect(scale.max).toBe(scale.ticks.at(-1)!.value)
  return scale.ticks.map((t) => t.value)
}

describe('integerTicks', () => {
  it('a queue of 3 jobs reads 0, 1, 2, 3; an idle one 0, 1', () => {
    expect(run(3)).toEqual([0, 1, 2, 3])
    // Chart.js gives a flat zero series a 0–1 range, which would tick at 0.1, 0.2 …
    expect(run(1)).toEqual([0, 1])
    expect(run(2.5)).toEqual([0, 1, 2, 3])
  })
  it('larger counts step in whole 1-2-5 steps', () => {
    const ticks = run(15)
    expect(ticks.every(Number.isInteger)).toBe(true)
    expect(ticks).toEqual([0, 5, 10, 15])
  })
})
