// The worker pool as the Scanner view shows it, from what the engine pushes (poolStats, poolJob,
// poolProgress, benchProgress events) and what a poolStatus / poolHistory query answered (fed in
// by client/queries.ts): the latest snapshot together with every job heard of (one signal, so the
// summary and the job lists never disagree), a short history of throughput and queue depth, each
// worker's busy share between two snapshots, and the scaling experiment's progress. Request state
// (loading, errors, the scan and bench calls) is TanStack Query's, not this store's.
import type { JobInfo, PoolStatus } from '../../../shared/scanner.ts'
import { POOL_HISTORY_MS, historyPoint, type PoolHistoryPoint } from '../../../shared/pool-history.ts'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { Signal } from './signal.ts'
import type { Point } from './live.ts'

export interface WorkerView {
  pid: number | null
  busy: boolean
  /** Busy share (0–1) since the previous snapshot. */
  share: number
  jobs: number
  candles: number
  fvgs: number
}

/** The last snapshot and every job heard of (newest first), published together. */
export interface PoolState {
  status: PoolStatus | null
  jobs: JobInfo[]
}

const JOBS_KEPT = 200

export class PoolStore {
  /** Snapshot and jobs together; a new object on each change (batched to one per frame). */
  readonly state = new Signal<PoolState>({ status: null, jobs: [] })
  readonly workers = new Signal<WorkerView[]>([])
  /** The scaling experiment's progress (benchProgress events); null when none has reported. */
  readonly benchProgress = new Signal<{ workers: number; done: number; total: number } | null>(null)
  /** Work finished between the last two snapshots, per second (from the workers' cumulative counters). */
  readonly throughput = new Signal<{ candlesPerSec: number; fvgsPerSec: number }>({ candlesPerSec: 0, fvgsPerSec: 0 })
  /** Throughput and queue history, bound by the Scanner charts (mutated in place). */
  readonly candlesPerSec: Point[] = []
  readonly fvgsPerSec: Point[] = []
  readonly queued: Point[] = []
  readonly running: Point[] = []
  /** How many points the history holds (for the charts' "nothing yet" notes). */
  readonly historyPoints = new Signal(0)
  private readonly statsListeners = new Set<() => void>()
  private readonly jobMap = new Map<number, JobInfo>()
  private prev: PoolStatus | null = null
  private flushQueued = false

  constructor(client: GapwatchClient) {
    client.on('poolStats', (s) => this.ingest(s))
    client.on('poolJob', (j) => this.onJob(j))
    client.on('poolProgress', (j) => this.onJob(j))
    client.on('benchProgress', (p) => this.benchProgress.set(p))
  }

  onStats(listener: () => void): () => void {
    this.statsListeners.add(listener)
    return () => this.statsListeners.delete(listener)
  }

  /** The engine's recorded history (poolHistory): points older than what this page drew itself. */
  seed(points: readonly PoolHistoryPoint[]): void {
    const first = this.queued[0]?.x ?? Infinity
    const older = points.filter((p) => p.t < first)
    if (older.length === 0) return
    for (const [arr, key] of [
      [this.candlesPerSec, 'candlesPerSec'],
      [this.fvgsPerSec, 'fvgsPerSec'],
      [this.queued, 'queued'],
      [this.running, 'running'],
    ] as const) arr.unshift(...older.map((p) => ({ x: p.t, y: p[key] })))
    this.historyPoints.set(this.queued.length)
    for (const l of this.statsListeners) l()
  }

  /**
   * A status snapshot: a poolStats event (a point on the charts, which the engine records alike) or
   * a poolStatus answer (`chart: false`: the state only; the engine's history has the chart points).
   */
  ingest(s: PoolStatus, { chart = true }: { chart?: boolean } = {}): void {
    const prev = this.prev
    if (prev && s.t < prev.t) return
    this.prev = s
    const dt = prev ? s.t - prev.t : 0
    this.workers.set(
      s.stats.workers.map((w, i) => {
        const before = prev?.stats.workers[i]
        const share = dt > 0 && before && before.pid === w.pid ? clamp01((w.busyMs - before.busyMs) / dt) : w.busy ? 1 : 0
        return { pid: w.pid, busy: w.busy, share, jobs: w.jobs, candles: w.candles, fvgs: w.fvgs }
      }),
    )
    const point = historyPoint(prev, s)
    if (chart || !prev) this.throughput.set({ candlesPerSec: point.candlesPerSec, fvgsPerSec: point.fvgsPerSec })
    if (chart) this.appendPoint(point)
    this.historyPoints.set(this.queued.length)
    for (const j of s.jobs) this.jobMap.set(j.id, newer(this.jobMap.get(j.id), j))
    this.scheduleFlush()
    for (const l of this.statsListeners) l()
  }

  private appendPoint(point: PoolHistoryPoint): void {
    const cut = point.t - POOL_HISTORY_MS
    for (const [arr, y] of [
      [this.candlesPerSec, point.candlesPerSec],
      [this.fvgsPerSec, point.fvgsPerSec],
      [this.queued, point.queued],
      [this.running, point.running],
    ] as const) {
      if (arr.length && arr[arr.length - 1].x >= point.t) continue
      arr.push({ x: point.t, y })
      let k = 0
      while (k < arr.length && arr[k].x < cut) k++
      if (k) arr.splice(0, k)
    }
  }

  private onJob(j: JobInfo): void {
    this.jobMap.set(j.id, newer(this.jobMap.get(j.id), j))
    this.scheduleFlush()
  }

  private scheduleFlush(): void {
    if (this.flushQueued) return
    this.flushQueued = true
    const flush = () => {
      this.flushQueued = false
      const list = [...this.jobMap.values()].sort((a, b) => b.id - a.id)
      for (const old of list.slice(JOBS_KEPT)) if (old.state !== 'running' && old.state !== 'queued') this.jobMap.delete(old.id)
      this.state.set({ status: this.prev, jobs: list.slice(0, JOBS_KEPT) })
    }
    if (document.visibilityState === 'visible') requestAnimationFrame(flush)
    else setTimeout(flush, 100)
  }
}

const RANK: Record<JobInfo['state'], number> = { queued: 0, running: 1, done: 2, failed: 2, cancelled: 2 }

/** Keeps the more advanced of two reports of the same job (events can cross a status snapshot). */
function newer(a: JobInfo | undefined, b: JobInfo): JobInfo {
  if (!a) return b
  if (a.attempts !== b.attempts) return b.attempts > a.attempts ? b : a
  if (RANK[b.state] !== RANK[a.state]) return RANK[b.state] > RANK[a.state] ? b : a
  return b.progress >= a.progress || b.state !== a.state ? b : a
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v))
}
