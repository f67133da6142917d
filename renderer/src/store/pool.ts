// The worker pool as the Scanner view shows it: the latest statistics, every job we heard of
// (merged from poolStatus, poolJob and poolProgress), a short history of throughput and queue depth,
// each worker's busy share between two snapshots, and the scaling experiment's state.
import type { GapwatchClient } from '../../../shared/contract.ts'
import type { BenchResult, JobInfo, PoolStatus } from '../../../shared/scanner.ts'
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

export interface BenchState {
  running: boolean
  progress: { workers: number; done: number; total: number } | null
  result: BenchResult | null
  error: string | null
  startedAt: number | null
}

const HISTORY_MS = 10 * 60_000
const JOBS_KEPT = 200

export class PoolStore {
  readonly status = new Signal<PoolStatus | null>(null)
  readonly workers = new Signal<WorkerView[]>([])
  /** Jobs by id, newest first; a new array on each change (batched to one per frame). */
  readonly jobs = new Signal<JobInfo[]>([])
  readonly bench = new Signal<BenchState>({ running: false, progress: null, result: null, error: null, startedAt: null })
  readonly loadError = new Signal<string | null>(null)
  /** Work finished between the last two snapshots, per second (from the workers' cumulative counters). */
  readonly throughput = new Signal<{ candlesPerSec: number; fvgsPerSec: number }>({ candlesPerSec: 0, fvgsPerSec: 0 })
  /** Throughput and queue history, bound by the Scanner charts (mutated in place). */
  readonly candlesPerSec: Point[] = []
  readonly fvgsPerSec: Point[] = []
  readonly queued: Point[] = []
  readonly running: Point[] = []
  private readonly statsListeners = new Set<() => void>()
  private readonly jobMap = new Map<number, JobInfo>()
  private prev: PoolStatus | null = null
  private flushQueued = false
  private readonly client: GapwatchClient

  constructor(client: GapwatchClient) {
    this.client = client
    client.on('poolStats', (s) => this.onStatus(s))
    client.on('poolJob', (j) => this.onJob(j))
    client.on('poolProgress', (j) => this.onJob(j))
    client.on('benchProgress', (p) => this.bench.update((b) => ({ ...b, running: true, progress: p })))
  }

  async refresh(): Promise<void> {
    try {
      this.onStatus(await this.client.call('poolStatus'))
      this.loadError.set(null)
    } catch (err) {
      this.loadError.set((err as Error).message)
    }
  }

  onStats(listener: () => void): () => void {
    this.statsListeners.add(listener)
    return () => this.statsListeners.delete(listener)
  }

  private onStatus(s: PoolStatus): void {
    const prev = this.prev
    this.prev = s
    const dt = prev ? s.t - prev.t : 0
    this.workers.set(
      s.stats.workers.map((w, i) => {
        const before = prev?.stats.workers[i]
        const share = dt > 0 && before && before.pid === w.pid ? clamp01((w.busyMs - before.busyMs) / dt) : w.busy ? 1 : 0
        return { pid: w.pid, busy: w.busy, share, jobs: w.jobs, candles: w.candles, fvgs: w.fvgs }
      }),
    )
    // The engine's own rate covers its current busy period and reads 0 once idle; a scan shorter
    // than the snapshot interval would never show. Deltas of the cumulative counters do.
    let rate = { candlesPerSec: s.stats.candlesPerSec, fvgsPerSec: s.stats.fvgsPerSec }
    if (prev && dt > 0) {
      let candles = 0
      let fvgs = 0
      for (const w of s.stats.workers) {
        const before = w.pid === null ? undefined : prev.stats.workers.find((b) => b.pid === w.pid)
        candles += Math.max(0, w.candles - (before?.candles ?? 0))
        fvgs += Math.max(0, w.fvgs - (before?.fvgs ?? 0))
      }
      rate = { candlesPerSec: candles / (dt / 1000), fvgsPerSec: fvgs / (dt / 1000) }
    }
    this.throughput.set(rate)
    const cut = s.t - HISTORY_MS
    for (const [arr, y] of [
      [this.candlesPerSec, rate.candlesPerSec],
      [this.fvgsPerSec, rate.fvgsPerSec],
      [this.queued, s.stats.queued],
      [this.running, s.stats.running],
    ] as const) {
      if (arr.length && arr[arr.length - 1].x >= s.t) continue
      arr.push({ x: s.t, y })
      let k = 0
      while (k < arr.length && arr[k].x < cut) k++
      if (k) arr.splice(0, k)
    }
    for (const j of s.jobs) this.jobMap.set(j.id, newer(this.jobMap.get(j.id), j))
    this.status.set(s)
    this.scheduleJobs()
    for (const l of this.statsListeners) l()
  }

  private onJob(j: JobInfo): void {
    this.jobMap.set(j.id, newer(this.jobMap.get(j.id), j))
    this.scheduleJobs()
  }

  private scheduleJobs(): void {
    if (this.flushQueued) return
    this.flushQueued = true
    const flush = () => {
      this.flushQueued = false
      const list = [...this.jobMap.values()].sort((a, b) => b.id - a.id)
      for (const old of list.slice(JOBS_KEPT)) if (old.state !== 'running' && old.state !== 'queued') this.jobMap.delete(old.id)
      this.jobs.set(list.slice(0, JOBS_KEPT))
    }
    if (document.visibilityState === 'visible') requestAnimationFrame(flush)
    else setTimeout(flush, 100)
  }

  async runBench(params: { symbols: number; candles: number }): Promise<void> {
    this.bench.set({ running: true, progress: null, result: null, error: null, startedAt: Date.now() })
    try {
      const result = await this.client.call('bench', params)
      this.bench.update((b) => ({ ...b, running: false, result }))
    } catch (err) {
      this.bench.update((b) => ({ ...b, running: false, error: (err as Error).message }))
    }
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
