// Anomaly detectors: nothing during the warm-up, a jump far outside the usual spread fires, the
// floor keeps a flat idle series' tiny wiggles quiet, and the baseline adapts to a new level.
import { describe, expect, it } from 'vitest'
import { EwmaDetector, MadDetector, isAnomalous } from '../../../../electron/engine/alerts/anomaly.ts'
import { anomalyRule, harness } from './helpers.ts'

const T0 = Date.UTC(2026, 0, 5)

describe('anomaly detectors', () => {
  it.each([
    ['ewma', () => new EwmaDetector(60_000, 120_000)],
    ['mad', () => new MadDetector(60_000, 120_000)],
  ] as const)('%s: silent while warming up, then scores a jump against the spread before it', (_name, make) => {
    const d = make()
    const noise = (i: number) => 20 + ((i * 7919) % 7) - 3 // 17..23
    for (let i = 0; i < 120; i++) expect(d.update(T0 + i * 1000, noise(i))).toBeNull()
    const calm = d.update(T0 + 120_000, noise(120))!
    expect(Math.abs(calm.score)).toBeLessThan(3)
    const jump = d.update(T0 + 121_000, 60)!
    expect(jump.score).toBeGreaterThan(8)
    expect(jump.centre).toBeGreaterThan(18)
    expect(jump.centre).toBeLessThan(22)
  })

  it('the floor: a flat idle series (spread ≈ 0) does not alert on a tiny change, does on a big one', () => {
    const d = new EwmaDetector(60_000, 0)
    for (let i = 0; i < 100; i++) d.update(T0 + i * 1000, 1)
    const s = d.update(T0 + 100_000, 1.5)!
    expect(s.score).toBeGreaterThan(1e6) // sd is 0: any change scores huge
    expect(isAnomalous(s, 1.5, { score: 4, floor: 5, direction: 'up' })).toBe(false)
    const big = d.update(T0 + 101_000, 30)!
    expect(isAnomalous(big, 30, { score: 4, floor: 5, direction: 'up' })).toBe(true)
    expect(isAnomalous(big, 30, { score: 4, floor: 5, direction: 'down' })).toBe(false)
  })

  it('an anomaly rule fires on a sustained jump, then the baseline adapts and it resolves', () => {
    const h = harness([anomalyRule({ name: 'odd', method: 'ewma', window: '30s', warmup: '1m', score: 4, floor: 5, for: '3s' })], { t0: T0 })
    for (let i = 0; i < 120; i++) h.feed(20 + (i % 3))
    expect(h.events).toEqual([])
    for (let i = 0; i < 1200; i++) h.feed(80 + (i % 3))
    const states = h.events.map((e) => e.state)
    expect(states.slice(0, 2)).toEqual(['pending', 'firing'])
    expect(states).toContain('resolved')
    expect(h.events.find((e) => e.state === 'firing')!.message).toMatch(/cpu\.total unusual: 8\d/)
  })
})
