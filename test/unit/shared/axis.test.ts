import { describe, expect, it } from 'vitest'
import { byteAxis, countAxis, formatAxisBytes } from '../../../shared/axis.ts'

const KiB = 1024
const MiB = 1024 ** 2
const GiB = 1024 ** 3
const labels = (max: number, kind: 'bytes' | 'rate') => {
  const a = byteAxis(max, kind)
  return a.ticks.map((t) => formatAxisBytes(a, t, kind === 'rate'))
}

describe('byteAxis', () => {
  it('steps sizes at powers of two of one unit (1, 2, 4, 8 GiB)', () => {
    expect(labels(15.5 * GiB, 'bytes')).toEqual(['0 GiB', '4 GiB', '8 GiB', '12 GiB', '16 GiB'])
    expect(labels(7 * GiB, 'bytes')).toEqual(['0 GiB', '2 GiB', '4 GiB', '6 GiB', '8 GiB'])
    expect(labels(3.2 * GiB, 'bytes')).toEqual(['0 GiB', '1 GiB', '2 GiB', '3 GiB', '4 GiB'])
    expect(labels(1.1 * GiB, 'bytes')).toEqual(['0 GiB', '0.5 GiB', '1 GiB', '1.5 GiB'])
    expect(labels(700 * MiB, 'bytes')).toEqual(['0 MiB', '256 MiB', '512 MiB', '768 MiB'])
  })

  it('steps rates at 1-2-5 values of one unit (50, 100 MiB/s)', () => {
    expect(labels(120 * MiB, 'rate')).toEqual(['0 MiB/s', '50 MiB/s', '100 MiB/s', '150 MiB/s'])
    expect(labels(1000, 'rate')).toEqual(['0 B/s', '500 B/s', '1000 B/s'])
    expect(labels(2.1 * KiB, 'rate')).toEqual(['0 KiB/s', '1 KiB/s', '2 KiB/s', '3 KiB/s'])
    expect(labels(1030, 'rate')).toEqual(['0 KiB/s', '0.5 KiB/s', '1 KiB/s', '1.5 KiB/s'])
  })

  it('prints every tick of an axis in the unit of its maximum, never mixing B and KiB', () => {
    for (const max of [1, 999, 1000, 1023, 1024, 1500, 3000, 9.9 * MiB, 200 * MiB, 5 * GiB, 3 * 1024 ** 4]) {
      for (const kind of ['bytes', 'rate'] as const) {
        const a = byteAxis(max, kind)
        const units = new Set(a.ticks.map((t) => formatAxisBytes(a, t, false).split(' ')[1]))
        expect(units.size).toBe(1)
        expect(a.max).toBeGreaterThanOrEqual(max)
        expect(a.ticks.length).toBeGreaterThanOrEqual(2)
        expect(a.ticks.length).toBeLessThanOrEqual(5)
        expect(a.ticks.at(-1)).toBe(a.max)
        // evenly spaced at the step
        a.ticks.forEach((t, i) => expect(t).toBe(i * a.step))
      }
    }
  })

  it('gives an idle or empty series a 0–1 KiB axis', () => {
    expect(labels(0, 'rate')).toEqual(['0 KiB/s', '0.5 KiB/s', '1 KiB/s'])
    expect(labels(1, 'rate')).toEqual(['0 KiB/s', '0.5 KiB/s', '1 KiB/s']) // Chart.js' range of a flat zero line
    expect(labels(Number.NaN, 'bytes')).toEqual(['0 KiB', '0.25 KiB', '0.5 KiB', '0.75 KiB', '1 KiB'])
  })
})

describe('countAxis', () => {
  it('steps in whole numbers: 3 jobs read 0, 1, 2, 3', () => {
    expect(countAxis(3)).toEqual({ step: 1, max: 3, ticks: [0, 1, 2, 3] })
  })
  it('an idle (zero) or empty axis is 0–1, never fractions', () => {
    expect(countAxis(0).ticks).toEqual([0, 1])
    expect(countAxis(Number.NaN).ticks).toEqual([0, 1])
    expect(countAxis(0.4).ticks).toEqual([0, 1])
  })
  it('grows in 1-2-5 steps with at most the asked number of intervals', () => {
    expect(countAxis(7)).toEqual({ step: 2, max: 8, ticks: [0, 2, 4, 6, 8] })
    expect(countAxis(15).step).toBe(5)
    expect(countAxis(1000).step).toBe(500)
    for (const max of [1, 2, 5, 9, 11, 37, 120, 999, 12_345]) {
      const a = countAxis(max)
      expect(a.ticks.every(Number.isInteger)).toBe(true)
      expect(a.max).toBeGreaterThanOrEqual(max)
      expect(a.ticks.length - 1).toBeLessThanOrEqual(4)
    }
  })
})
