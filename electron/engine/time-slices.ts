// Long work on the engine's thread, cut into steps (a generator that yields between them) and run a
// few milliseconds per event-loop turn, so timers, IPC and HTTP keep being answered in between
// (issue 13: merging a split 1M-candle scan took 5–25 ms of the thread's CPU in one turn).
// The same steps drained at once give the synchronous result (tests, the CLI's in-process paths).

/** Work in steps: each `yield` is a point where the thread may serve other events. */
export type Steps<T> = Generator<void, T, void>

/** Runs every step now and returns the result. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/** Default time a turn may run steps, ms: well under the 20 ms the event loop may be late. */
export const TURN_SLICE_MS = 2

/** What runInTurns rejects with when `stopped()` said so before the steps finished. */
export class StepsStoppedError extends Error {}

/**
 * Runs the steps in event-loop turns (setImmediate), each turn taking steps until `sliceMs` has
 * passed (at least one step a turn). Resolves with the result; rejects with what a step threw, or
 * with StepsStoppedError when `stopped()` is true at the start of a turn (the rest is not run).
 */
export function runInTurns<T>(steps: Steps<T>, sliceMs = TURN_SLICE_MS, stopped: () => boolean = () => false): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const turn = () => {
      const t0 = performance.now()
      try {
        if (stopped()) {
          steps.return(undefined as T)
          return reject(new StepsStoppedError('stopped'))
        }
        for (;;) {
          const r = steps.next()
          if (r.done) return resolve(r.value)
          if (performance.now() - t0 >= sliceMs) break
        }
      } catch (err) {
        return reject(err instanceof Error ? err : new Error(String(err)))
      }
      setImmediate(turn)
    }
    setImmediate(turn)
  })
}
