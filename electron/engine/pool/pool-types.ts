// What the pool's callers see of it (pool.ts): a job's info and the pool's statistics (their shape
// is the contract's, shared/scanner.ts), the pool's events, and the errors a job's promise rejects with.
import type { JobInfo, PoolStats } from '../../../shared/scanner.ts'
import type { ScanJobResult } from './protocol.ts'

export type { JobInfo, PoolStats }
export type WorkerStats = PoolStats['workers'][number]

export type PoolEvents = {
  job: JobInfo
  progress: JobInfo
  result: { job: JobInfo; result: ScanJobResult }
  /**
   * A worker process ended: `crashed` unless the pool ended it (cancel, resize, idle exit, close).
   * For tests and diagnostics: the engine counts crashes through its ObservedHost's listeners
   * (alerts/pool-metrics.ts); `result` above is the event for throughput.
   */
  workerExit: { pid: number | null; code: number | null; signal: string | null; crashed: boolean }
}

/** 1 − coefficient of variation of busy time across workers (1 = perfectly even). */
export function balanceScore(busy: readonly number[]): number {
  if (busy.length < 2) return 1
  const mean = busy.reduce((a, b) => a + b, 0) / busy.length
  if (mean === 0) return 1
  const sd = Math.sqrt(busy.reduce((a, b) => a + (b - mean) ** 2, 0) / busy.length)
  return 1 - sd / mean
}

export class JobFailedError extends Error {
  override name = 'JobFailedError'
}
export class JobCancelledError extends Error {
  override name = 'JobCancelledError'
}
