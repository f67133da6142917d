// The worker pool as series for the store and the alert rules (names in shared/alerts.ts
// POOL_METRICS), read once a sample:
//  - throughput: candles finished per second over the last minute of the current busy period, from
//    the per-worker candle counters of the scanner's `poolStats` events; none while the pool is idle
//    or before its first job of a busy period finishes (a rate over nothing is not a low rate);
//  - busy workers, from the same events (0 when idle);
//  - worker crashes since the previous sample: a worker process that ended without the pool asking
//    (every exit the pool wants, for idleness, a resize, a cancel or close, goes through kill()).
// No change to the pool: it listens to the workers of the host the engine gives the pool
// (pool/observed-host.ts), and to the events the scanner already emits.
import { POOL_METRICS } from '../../../shared/alerts.ts'
import type { PoolStatus } from '../../../shared/scanner.ts'
import type { WorkerListener } from '../pool/observed-host.ts'

/** The span the throughput is measured over. */
export const THROUGHPUT_WINDOW_MS = 60_000

export class PoolMetrics implements WorkerListener {
  private crashes = 0
  private busy = 0
  /** When the current busy period began (queued or running work), or null while idle. */
  private busySince: number | null = null
  /** Each worker's finished candles, as last seen (by pid). */
  private readonly candlesByPid = new Map<number, number>()
  /** Candles finished in the busy period: (time, count), oldest first, the last minute only. */
  private finished: Array<[number, number]> = []
  private finishedInPeriod = 0

  /** A worker ended: counted when the pool did not ask it to. */
  exited(_worker: unknown, exit: { asked: boolean }): void {
    if (!exit.asked) this.crashes++
  }

  /** A `poolStats` snapshot (once a second while the pool works, once when it goes idle). */
  onStats(s: PoolStatus): void {
    const t = s.t
    const working = s.stats.running + s.stats.queued > 0
    let done = 0
    const seen = new Set<number>()
    for (const w of s.stats.workers) {
      if (w.pid === null) continue
      seen.add(w.pid)
      const before = this.candlesByPid.get(w.pid)
      if (before !== undefined && w.candles > before) done += w.candles - before
      else if (before === undefined && this.busySince !== null) done += w.candles
      this.candlesByPid.set(w.pid, w.candles)
    }
    for (const pid of this.candlesByPid.keys()) if (!seen.has(pid)) this.candlesByPid.delete(pid)
    this.busy = s.stats.workers.filter((w) => w.busy).length
    if (this.busySince === null && working) {
      this.busySince = t
      this.finished = []
      this.finishedInPeriod = 0
    }
    if (this.busySince !== null && done > 0) {
      this.finished.push([t, done])
      this.finishedInPeriod++
    }
    if (!working) this.busySince = null
  }

  /** The pool's series at sample time t; the crash count starts again at 0. */
  values(t: number): Array<[string, number]> {
    const out: Array<[string, number]> = [
      [POOL_METRICS.busyWorkers, this.busySince === null ? 0 : this.busy],
      [POOL_METRICS.workerCrashes, this.crashes],
    ]
    this.crashes = 0
    const since = this.busySince
    if (since !== null && this.finishedInPeriod > 0 && t > since) {
      const from = t - THROUGHPUT_WINDOW_MS
      let k = 0
      while (k < this.finished.length && this.finished[k][0] <= from) k++
      if (k > 0) this.finished.splice(0, k)
      let candles = 0
      for (const [, n] of this.finished) candles += n
      out.push([POOL_METRICS.throughput, candles / (Math.min(THROUGHPUT_WINDOW_MS, t - since) / 1000)])
    }
    return out
  }
}
