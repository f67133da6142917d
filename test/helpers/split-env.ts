// The environment of a `gapwatch` child whose pools split files into small byte ranges: the range
// size is set in the process by a preload (fixtures/pool/small-ranges.mjs), since no variable of the
// user's environment may steer it; `jobsOut` also records the ranges sent to the workers there
// (fixtures/pool/range-jobs.mjs).
import path from 'node:path'

/** Ranges of 1 MiB in place of 32 MiB, so a file of a few MB splits. */
export const SMALL_RANGE_BYTES = 1 << 20

const fixtures = path.resolve(import.meta.dirname, '../fixtures/pool')

/** The preload that sets the range size to GW_RANGE_BYTES. */
export const SMALL_RANGES_PRELOAD = path.join(fixtures, 'small-ranges.mjs')

/** Adds `--import` preloads to the NODE_OPTIONS this process was given. */
export function withPreloads(...files: string[]): string {
  return [process.env.NODE_OPTIONS ?? '', ...files.map((f) => `--import ${f}`)].join(' ').trim()
}

/** Split at SMALL_RANGE_BYTES; with `jobsOut`, the ranges sent to the workers are written there at exit. */
export function smallRangesEnv(jobsOut?: string): NodeJS.ProcessEnv {
  const preloads = [SMALL_RANGES_PRELOAD]
  if (jobsOut) preloads.push(path.join(fixtures, 'range-jobs.mjs'))
  return { GW_RANGE_BYTES: String(SMALL_RANGE_BYTES), ...(jobsOut ? { GW_RANGE_JOBS_OUT: jobsOut } : {}), NODE_OPTIONS: withPreloads(...preloads) }
}

/** Records the ranges sent to the workers in `jobsOut`, the range size left as it is. */
export function rangeJobsEnv(jobsOut: string): NodeJS.ProcessEnv {
  return { GW_RANGE_JOBS_OUT: jobsOut, NODE_OPTIONS: withPreloads(path.join(fixtures, 'range-jobs.mjs')) }
}
