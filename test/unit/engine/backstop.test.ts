import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Backstop } from '../../../electron/engine/backstop.ts'

describe('Backstop', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('never fires while touched within its delay, and fires once a delay after the last touch', () => {
    const run = vi.fn()
    const b = new Backstop(run, () => 1250)
    b.start()
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1000)
      b.touch()
    }
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1249)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)
    b.stop()
  })

  it('keeps firing every delay while nothing touches it (a stalled or paused sampler)', () => {
    const run = vi.fn()
    const b = new Backstop(run, () => 1000)
    b.start()
    vi.advanceTimersByTime(5000)
    expect(run).toHaveBeenCalledTimes(5)
    b.stop()
    vi.advanceTimersByTime(5000)
    expect(run).toHaveBeenCalledTimes(5)
  })

  it('follows a changed delay from the next touch, and keeps running after its work throws', () => {
    let delay = 1000
    let calls = 0
    const b = new Backstop(() => {
      calls++
      throw new Error('boom')
    }, () => delay)
    b.start()
    delay = 3000
    b.touch()
    vi.advanceTimersByTime(2999)
    expect(calls).toBe(0)
    expect(() => vi.advanceTimersByTime(1)).toThrow('boom')
    expect(calls).toBe(1)
    expect(() => vi.advanceTimersByTime(3000)).toThrow('boom')
    expect(calls).toBe(2)
    b.stop()
  })

  it('stays stopped when stopped from inside its own work', () => {
    const run = vi.fn(() => b.stop())
    const b = new Backstop(run, () => 100)
    b.start()
    vi.advanceTimersByTime(1000)
    expect(run).toHaveBeenCalledTimes(1)
  })
})
