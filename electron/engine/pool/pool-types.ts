// What the pool's callers see of it (pool.ts): a job's info and the pool's statistics (their shape
// is the contract's, shared/scanner.ts), the pool's events, the errors a job's promise rejects with,
// and the spec PoolCore takes without a check (pool-core.ts).
import type { JobInfo, PoolStats } from '../../../shared/scanner.ts'
import type { ScanJobResult, ScanJobSpec } from './protocol.ts'

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

declare const trusted: unique symbol
/**
 * A spec this process built from values it checked itself (gapwatch scan: its options, files, zone
 * and timeframe), never one it received: made by trustSpec, taken by PoolCore.submit without a
 * second check. Anything from outside goes to Pool.submit (pool.ts), which validates it.
 */
export type TrustedScanJobSpec = ScanJobSpec & { readonly [trusted]: true }

/** Marks a spec built from checked values as such (see TrustedScanJobSpec); nothing changes at run time. */
export function trustSpec(spec: ScanJobSpec): TrustedScanJobSpec {
  return spec as TrustedScanJobSpec
}
