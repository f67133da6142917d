// Long work on the engine's thread runs in steps, a slice of time per event-loop turn (issue 13).
import { describe, expect, it } from 'vitest'
import { drain, runInTurns, StepsStoppedError, type Steps } from '../../../electron/engine/time-slices.ts'

function* counted(n: number, log: string[]): Steps<number> {
  let sum = 0
  for (let i = 0; i < n; i++) {
    log.push(`step ${i}`)
    sum += i
    yield
  }
  return sum
}

describe('turns', () => {
  it('drain runs every step at once and returns the result', () => {
    const log: string[] = []
    expect(drain(counted(4, log))).toBe(6)
    expect(log).toEqual(['step 0', 'step 1', 'step 2', 'step 3'])
  })

  it('runInTurns lets other events run between slices, none during the call', async () => {
    const log: string[] = []
    // A zero slice: one step a turn, so other callbacks of the loop run between every two steps.
    const done = runInTurns(counted(3, log), 0)
    expect(log).toEqual([]) // nothing on the caller's turn
    const other = () => {
      log.push('other')
      if (log.length < 12) setImmediate(other)
    }
    setImmediate(other)
    expect(await done).toBe(3)
    const steps = log.filter((l) => l.startsWith('step'))
    expect(steps).toEqual(['step 0', 'step 1', 'step 2'])
    // between any two steps another callback ran
    for (let i = 1; i < steps.length; i++) {
      const between = log.slice(log.indexOf(steps[i - 1]) + 1, log.indexOf(steps[i]))
      expect(between).toContain('other')
    }
  })

  it('runInTurns rejects with what a step threw', async () => {
    function* failing(): Steps<number> {
      yield
      throw new Error('segment 2 is inconsistent')
    }
    await expect(runInTurns(failing())).rejects.toThrow('segment 2 is inconsistent')
  })

  it('runInTurns stops at the next turn once stopped() says so: no further step runs, and the generator is closed', async () => {
    const log: string[] = []
    let stop = false
    let closed = false
    function* steps(): Steps<number> {
      try {
        yield* counted(100, log)
        return 1
      } finally {
        closed = true
      }
    }
    const done = runInTurns(steps(), 0, () => stop)
    await new Promise((r) => setImmediate(r)) // the first turn takes a step
    await new Promise((r) => setImmediate(r))
    stop = true
    await expect(done).rejects.toBeInstanceOf(StepsStoppedError)
    const ran = log.length
    expect(ran).toBeGreaterThan(0)
    expect(ran).toBeLessThan(100)
    expect(closed).toBe(true)
  })
})
