import { describe, expect, it } from 'vitest'
import { FairQueue } from '../../../../electron/engine/pool/fair-queue.ts'
import { balanceScore } from '../../../../electron/engine/pool/pool.ts'

const drain = (q: FairQueue<string>, n: number) => Array.from({ length: n }, () => q.shift()?.job ?? null)

describe('FairQueue', () => {
  it('serves queues in proportion to their weights while both have work', () => {
    const q = new FairQueue<string>()
    q.setWeight('live', 3)
    q.setWeight('backfill', 1)
    for (let i = 0; i < 100; i++) q.push('backfill', `b${i}`)
    for (let i = 0; i < 30; i++) q.push('live', `l${i}`)
    const first40 = drain(q, 40)
    expect(first40.filter((j) => j!.startsWith('l'))).toHaveLength(30)
    expect(first40.filter((j) => j!.startsWith('b'))).toHaveLength(10)
    expect(first40.slice(0, 4).map((j) => j![0]).sort()).toEqual(['b', 'l', 'l', 'l'])
  })

  it('does not let a large backfill starve a queue that arrives later', () => {
    const q = new FairQueue<string>()
    for (let i = 0; i < 1000; i++) q.push('backfill', `b${i}`)
    drain(q, 500) // the backfill has had the pool to itself for a while
    q.push('live', 'l0')
    q.push('live', 'l1')
    // The newcomer enters at the current share, not at zero: it alternates instead of taking a burst
    // it "saved up", and it is served at once.
    expect(drain(q, 4)).toEqual(['l0', 'b500', 'l1', 'b501'])
  })

  it('weighs jobs by cost', () => {
    const q = new FairQueue<{ name: string; cost: number }>((j) => j.cost)
    q.push('big', { name: 'B1', cost: 10 })
    q.push('big', { name: 'B2', cost: 10 })
    for (let i = 0; i < 12; i++) q.push('small', { name: `s${i}`, cost: 1 })
    const order = Array.from({ length: 14 }, () => q.shift()!.job.name)
    expect(order.indexOf('B2')).toBeGreaterThan(order.indexOf('s9'))
  })

  it('removes a waiting job and keeps depths', () => {
    const q = new FairQueue<string>()
    q.push('a', 'x')
    q.push('a', 'y')
    q.push('b', 'z')
    expect(q.remove((j) => j === 'y')).toBe('y')
    expect(q.depths()).toEqual({ a: 1, b: 1 })
    expect(q.size).toBe(2)
    expect(() => q.setWeight('a', 0)).toThrow(/weight/)
  })
})

describe('balanceScore', () => {
  it('is 1 for even busy times and falls with spread', () => {
    expect(balanceScore([100, 100])).toBe(1)
    expect(balanceScore([150, 50])).toBeCloseTo(0.5, 12)
    expect(balanceScore([100])).toBe(1)
    expect(balanceScore([0, 0])).toBe(1)
  })
})
