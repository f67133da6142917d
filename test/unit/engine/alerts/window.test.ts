// The incremental window aggregates equal a naive recomputation over the same window.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SlidingWindow, WindowAggregate } from '../../../../electron/engine/alerts/window.ts'
import type { Aggregate } from '../../../../shared/alerts.ts'

function naive(kind: Aggregate, xs: Array<[number, number]>, t: number, w: number): number {
  const vs = xs.filter(([u]) => u > t - w && u <= t).map(([, v]) => v)
  if (vs.length === 0) vs.push(xs.at(-1)![1])
  const sorted = [...vs].sort((a, b) => a - b)
  switch (kind) {
    case 'avg':
      return vs.reduce((a, b) => a + b, 0) / vs.length
    case 'max':
      return sorted.at(-1)!
    case 'min':
      return sorted[0]
    case 'p95':
      return sorted[Math.max(0, Math.ceil(0.95 * vs.length) - 1)]
    case 'delta':
      return vs.at(-1)! - vs[0]
    default:
      return vs.at(-1)!
  }
}

describe('window aggregates', () => {
  it.each(['avg', 'max', 'min', 'p95', 'delta'] as const)('%s equals a naive recomputation (property)', (kind) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1000, max: 20_000 }), (steps, w) => {
        const agg = new WindowAggregate(kind, w)
        const seen: Array<[number, number]> = []
        let t = 0
        for (const [dt, v] of steps) {
          t += dt
          seen.push([t, v])
          const got = agg.update(t, v)
          if (t - seen[0][0] < w) expect(got).toBeNull()
          else expect(got).toBeCloseTo(naive(kind, seen, t, w), 6)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('grows past its first capacity and keeps the median and MAD right', () => {
    const w = new SlidingWindow(1e9, { extremes: false, sorted: true })
    for (let i = 1; i <= 101; i++) w.push(i, i)
    expect(w.size).toBe(101)
    expect(w.medianMad()).toEqual({ median: 51, mad: 25 })
    w.push(102, 1000)
    expect(w.medianMad().median).toBe(51.5)
  })
})
