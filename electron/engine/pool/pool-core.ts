// The worker pool: N processes behind a WorkerHost, pull dispatch (an idle worker takes the next
// job by fair share), progress at most 10/s per job, cancellation, and crash recovery: a worker that
// dies is replaced and its job retried on a fresh one up to 2 times, then failed with the reason.
// A long generated series is split into segments that any worker can take; the segments' bookkeeping
// is a JobGroup (job-group.ts): outside the pool it stays one job, one progress bar, one result.
// Idle workers exit after `idleExitMs` (default 60 s: a worker holds ~100 MB after a scan) and are
// started again by the next job.
// PoolCore takes only specs built in this process from values its caller checked (TrustedScanJobSpec:
// gapwatch scan's), so it loads no zod (~35 ms of CPU before a scan's first job). The engine's pool,
// which takes specs from commands, IPC and WebSocket, is Pool (pool.ts): it validates every spec.
import { Emitter } from '../../../shared/emitter.ts'
import { JobCancelledError, JobFailedError, balanceScore, type JobInfo, type PoolEvents, type PoolStats, type TrustedScanJobSpec, type WorkerStats } from './pool-types.ts'
import type { ScanJobResult, ScanJobSpec, WorkerMessage } from './protocol.ts'
import { FairQueue } from './fair-queue.ts'
import { JobGroup, type GroupOwner } from './job-group.ts'
import { NO_SPLIT, rangeBytesDefault, SEGMENT_CANDLES, type SplitSizes } from './split.ts'
import { settleOnce } from './settle-once.ts'
import { IdleExit } from './idle-exit.ts'
import { defaultPoolSize, type WorkerHandle, type WorkerHost } from './worker-host.ts'

export { defaultPoolSize }

export { JobCancelledError, JobFailedError, balanceScore, trustSpec, type JobInfo, type TrustedScanJobSpec } from './pool-types.ts'

export const MAX_RETRIES = 2
const PROGRESS_MIN_MS = 100
const KEEP_FINISHED = 1000
export const IDLE_EXIT_MS = 60_000
/** How long close() waits for its workers to exit. */
const CLOSE_WAIT_MS = 2000

interface Job {
  info: JobInfo
  spec: ScanJobSpec
  cost: number
  resolve: (r: ScanJobResult) => void
  reject: (e: Error) => void
  lastProgressAt: number
  /** A split job's segments; the job itself is never dispatched. */
  group: JobGroup<Job> | null
  /** The split job this segment belongs to (segments are internal: no events, not in `jobs`). */
  parent: Job | null
}

interface Slot {
  handle: WorkerHandle
  job: Job | null
  stats: WorkerStats
  jobStartedAt: number
  retired: boolean
}

export class PoolCore extends Emitter<PoolEvents> {
  private readonly host: WorkerHost
  private slots: Slot[] = []
  private readonly queue = new FairQueue<Job>((j) => j.cost)
  private readonly jobs = new Map<number, Job>()
  private nextId = 1
  private readonly finished: number[] = []
  private closed = false
  private target: number
  private counts = { done: 0, failed: 0, cancelled: 0 }
  /** Throughput over the current busy period. */
  private period = { since: 0, candles: 0, fvgs: 0 }

  private readonly splitSizes: SplitSizes
  private readonly idleExit: IdleExit
  /** The workers exited for idleness; the next job starts them again. */
  private dormant = false

  /**
   * `segmentCandles`: split generated series longer than this (0: never split). `rangeBytes`: split
   * CSV files larger than this in ranges of at most this (0: never; default FILE_RANGE_BYTES). `idleExitMs`: end the workers
   * after this long with nothing to do (0: never).
   */
  constructor(host: WorkerHost, size = defaultPoolSize(), opts: { segmentCandles?: number; rangeBytes?: number; idleExitMs?: number } = {}) {
    super()
    this.host = host
    this.splitSizes = { segmentCandles: opts.segmentCandles ?? SEGMENT_CANDLES, rangeBytes: opts.rangeBytes ?? rangeBytesDefault() }
    this.idleExit = new IdleExit(opts.idleExitMs ?? IDLE_EXIT_MS, () => this.queue.size === 0 && this.slots.every((s) => !s.job), () => {
      if (this.closed) return
      this.dormant = true
      for (const slot of this.live()) this.retire(slot)
    })
    this.target = clampSize(size)
    for (let i = 0; i < this.target; i++) this.slots.push(this.spawn())
  }

  get size(): number {
    return this.target
  }

  setQueueWeight(queue: string, weight: number): void {
    this.queue.setWeight(queue, weight)
  }

  /** Ends idle workers after `ms` with nothing to do from now on (0: never); the next job starts them. */
  setIdleExit(ms: number): void {
    this.idleExit.set(ms)
    this.idleExit.arm(this.dormant || this.closed)
  }

  /**
   * Queues a job whose spec is trusted (TrustedScanJobSpec; Pool.submit validates any other). `cost`
   * weighs it for fair sharing (e.g. its candle count). `split: false` keeps a file whole where the
   * caller knows more work follows (gapwatch scan's files before the last ones).
   */
  submit(spec: TrustedScanJobSpec, opts: { queue?: string; cost?: number; split?: false } = {}): { id: number; done: Promise<ScanJobResult> } {
    const { id, done, job } = this.register(spec, opts)
    // Splitting a file adds its ranges' context lines and the merge (about a third more work): worth
    // it only when a worker would otherwise wait, so not on one worker nor behind queued jobs.
    const busy = this.queue.size > 0 || this.slots.filter((s) => s.job).length >= this.target
    const sizes = opts.split === false || (spec.source.kind === 'file' && (this.target < 2 || busy)) ? NO_SPLIT : this.splitSizes
    job.group = JobGroup.plan(spec, sizes, (seg, i, n, share) => {
      const part = this.newJob(this.nextId++, seg, `${spec.symbol} [${i + 1}/${n}]`, job.info.queue, job.cost * share, () => {}, () => {})
      part.parent = job
      return part
    }, { info: job.info, owner: this.groupOwner(job), workers: this.target })
    for (const part of job.group?.parts ?? [job]) this.queue.push(part.info.queue, part)
    this.emit('job', { ...job.info })
    this.wake()
    this.dispatch()
    return { id, done }
  }

  /**
   * A job that fails at once with `message`, like any failed job (its events, job(), the counts),
   * never a throw mid-request: Pool.submit's answer to a spec that does not validate.
   */
  protected submitFailed(spec: ScanJobSpec, message: string, opts: { queue?: string; cost?: number } = {}): { id: number; done: Promise<ScanJobResult> } {
    const { id, done, job } = this.register(spec, opts)
    this.emit('job', { ...job.info })
    this.finish(job, 'failed', message)
    job.reject(new JobFailedError(message))
    return { id, done }
  }

  /** A new visible job for `spec`, known to job() from now on. */
  private register(spec: ScanJobSpec, opts: { queue?: string; cost?: number }): { id: number; done: Promise<ScanJobResult>; job: Job } {
    if (this.closed) throw new Error('The pool is closed.')
    const id = this.nextId++
    const { done, resolve, reject } = settleOnce<ScanJobResult>() // a finished job lets go of its result
    done.catch(() => {}) // callers that only listen to events must not see an unhandled rejection
    const job = this.newJob(id, spec, String(spec.symbol), opts.queue ?? 'default', opts.cost ?? 1, resolve, reject)
    this.jobs.set(id, job)
    return { id, done, job }
  }

  /** Cancels a queued or running job (a running one by ending its worker, which is replaced). */
  cancel(id: number): boolean {
    const job = this.jobs.get(id)
    if (!job || (job.info.state !== 'queued' && job.info.state !== 'running')) return false
    if (job.group) job.group.cancel()
    else this.stop(job)
    this.finish(job, 'cancelled', 'Cancelled.')
    job.reject(new JobCancelledError(`Job ${id} (${job.info.symbol}) was cancelled.`))
    this.dispatch()
    return true
  }

  /** Changes the number of workers; busy workers above the new size finish their job first. */
  resize(size: number): void {
    this.target = clampSize(size)
    if (this.dormant) return // started at the new size by the next job
    while (this.live().length < this.target) this.slots.push(this.spawn())
    for (const slot of this.live().slice(this.target)) {
      if (slot.job === null) this.retire(slot)
      else slot.retired = true // ends after its job
    }
    this.dispatch()
  }

  /** Queued and running jobs, oldest first. */
  activeJobs(): JobInfo[] {
    return [...this.jobs.values()].filter((j) => j.info.state === 'queued' || j.info.state === 'running').map((j) => ({ ...j.info }))
  }

  job(id: number): JobInfo | null {
    const j = this.jobs.get(id)
    return j ? { ...j.info } : null
  }

  stats(): PoolStats {
    const live = this.live()
    const elapsed = (performance.now() - this.period.since) / 1000
    const running = live.filter((s) => s.job).length
    const active = running > 0 || this.queue.size > 0
    return {
      size: this.target,
      workers: live.map((s) => ({ ...s.stats, busyMs: s.stats.busyMs + (s.job ? performance.now() - s.jobStartedAt : 0) })),
      queued: this.queue.size,
      queues: this.queue.depths(),
      running,
      ...this.counts,
      candlesPerSec: active && elapsed > 0 ? this.period.candles / elapsed : 0,
      fvgsPerSec: active && elapsed > 0 ? this.period.fvgs / elapsed : 0,
      balance: balanceScore(live.map((s) => s.stats.busyMs)),
    }
  }

  /** Ends every worker; queued and running jobs are cancelled. */
  async close(): Promise<void> {
    this.closed = true
    this.idleExit.disarm()
    for (const job of this.jobs.values()) if (job.info.state === 'queued' || job.info.state === 'running') this.cancel(job.info.id)
    const exits = this.slots.map((s) => new Promise<void>((r) => (s.handle.onExit(() => r()), s.handle.kill())))
    // A worker that ignores SIGKILL's exit report still does not hold the caller past 2 s; the
    // timer is cleared once every worker has exited, so a CLI process ends right after its output.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.all(exits), new Promise((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)))])
    clearTimeout(timer)
    this.slots = []
  }

  private newJob(
    id: number, spec: ScanJobSpec, symbol: string, queue: string, cost: number,
    resolve: (r: ScanJobResult) => void, reject: (e: Error) => void,
  ): Job {
    return {
      info: {
        id, symbol, queue, state: 'queued', attempts: 0, progress: 0, stage: 'queued',
        error: null, workerPid: null, submittedAt: Date.now(), startedAt: null, finishedAt: null,
      },
      spec, cost, resolve, reject, lastProgressAt: 0, group: null, parent: null,
    }
  }

  /** Takes a job (or segment) off the queue, or off its worker, which is then replaced. */
  private stop(job: Job): void {
    if (job.info.state === 'queued') this.queue.remove((j) => j === job)
    else if (job.info.state === 'running') {
      const slot = this.slots.find((s) => s.job === job)
      if (slot) {
        this.release(slot)
        this.retire(slot) // replaced in onExit
      }
    }
    if (job.parent) job.info.state = 'cancelled'
  }

  /** How a split job's group stops its parts and ends the job. */
  private groupOwner(job: Job): GroupOwner<Job> {
    return {
      stop: (part) => this.stop(part),
      done: (merged) => this.succeed(job, merged),
      failed: (message) => this.fail(job, message),
    }
  }

  private succeed(job: Job, result: ScanJobResult): void {
    job.info.progress = 1
    this.finish(job, 'done', null)
    this.emit('result', { job: { ...job.info }, result })
    job.resolve(result)
  }

  private fail(job: Job, message: string): void {
    this.finish(job, 'failed', message)
    job.reject(new JobFailedError(message))
  }

  /** The job that events and results are about: a segment's split job, else the job itself. */
  private visible(job: Job): Job {
    return job.parent ?? job
  }

  private live(): Slot[] {
    return this.slots.filter((s) => !s.retired)
  }

  private spawn(): Slot {
    const handle = this.host.spawn()
    const slot: Slot = {
      handle, job: null, jobStartedAt: 0, retired: false,
      stats: { pid: handle.pid ?? null, busy: false, jobs: 0, candles: 0, fvgs: 0, busyMs: 0 },
    }
    handle.onMessage((m) => this.onMessage(slot, m))
    handle.onExit((code, signal) => this.onExit(slot, code, signal))
    return slot
  }

  private retire(slot: Slot): void {
    slot.retired = true
    slot.job = null
    slot.handle.kill()
  }

  /** Starts the workers again after an idle exit. */
  private wake(): void {
    if (!this.dormant) return
    this.dormant = false
    while (this.live().length < this.target) this.slots.push(this.spawn())
  }

  private dispatch(): void {
    if (this.closed) return
    this.dispatchQueued()
    this.idleExit.arm(this.dormant || this.closed)
  }

  private dispatchQueued(): void {
    for (const slot of this.live()) {
      if (slot.job) continue
      const next = this.queue.shift()
      if (!next) return
      const job = next.job
      if (this.slots.every((s) => !s.job)) this.period = { since: performance.now(), candles: 0, fvgs: 0 }
      slot.job = job
      slot.jobStartedAt = performance.now()
      slot.stats.busy = true
      job.info.state = 'running'
      job.info.attempts++
      job.info.startedAt ??= Date.now()
      job.info.workerPid = slot.handle.pid ?? null
      job.info.stage = 'starting'
      job.parent?.group?.partStarted(job)
      this.emit('job', { ...this.visible(job).info })
      slot.handle.send({ type: 'job', jobId: job.info.id, spec: job.spec })
    }
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    const job = slot.job
    if (!job || (m.type !== 'progress' && m.type !== 'result' && m.type !== 'error') || m.jobId !== job.info.id) return
    const shown = this.visible(job)
    if (m.type === 'progress') {
      job.info.progress = m.fraction
      job.info.stage = m.stage
      job.parent?.group?.partProgress(m.stage)
      const now = performance.now()
      if (now - shown.lastProgressAt >= PROGRESS_MIN_MS) {
        shown.lastProgressAt = now
        this.emit('progress', { ...shown.info })
      }
      return
    }
    this.release(slot)
    if (m.type === 'result') {
      slot.stats.candles += m.result.candles
      slot.stats.fvgs += m.result.fvgs
      this.period.candles += m.result.candles
      this.period.fvgs += m.result.fvgs
      job.info.progress = 1
      if (job.parent?.group) void job.parent.group.partDone(job, m.result) // the group ends the job through its owner
      else this.succeed(job, m.result)
    } else if (job.parent?.group) job.parent.group.partFailed(job, m.message, m.csv)
    else this.fail(job, m.message) // the job's own error (bad file, bad option): a retry would fail the same way
    if (slot.retired) slot.handle.kill()
    this.dispatch()
  }

  /** Frees a slot after a job, adding the job's time to the worker's busy time. */
  private release(slot: Slot): void {
    slot.stats.busyMs += performance.now() - slot.jobStartedAt
    slot.stats.jobs++
    slot.stats.busy = false
    slot.job = null
  }

  private onExit(slot: Slot, code: number | null, signal: string | null): void {
    const job = slot.job
    if (job) this.release(slot)
    this.slots = this.slots.filter((s) => s !== slot)
    this.emit('workerExit', { pid: slot.handle.pid ?? null, code, signal, crashed: !slot.retired && !this.closed })
    if (this.closed) return
    // A crashed or cancelled worker is replaced; one retired by a resize or for idleness is not.
    if (!this.dormant && this.live().length < this.target) this.slots.push(this.spawn())
    if (job && job.info.state === 'running') {
      const reason = signal ? `worker process ended by ${signal}` : `worker process exited with code ${code}`
      const group = job.parent?.group
      if (job.info.attempts <= MAX_RETRIES) {
        job.info.state = 'queued'
        job.info.stage = `retrying (${reason})`
        group?.partRetried(job, reason)
        this.emit('job', { ...this.visible(job).info })
        this.queue.push(job.info.queue, job, true)
      } else {
        const message = `Failed after ${job.info.attempts} attempts: ${reason}.`
        if (group) group.failAll(`${job.info.symbol}: ${message}`)
        else this.fail(job, message)
      }
    }
    this.dispatch()
  }

  private finish(job: Job, state: 'done' | 'failed' | 'cancelled', error: string | null): void {
    job.info.state = state
    job.info.error = error
    job.info.finishedAt = Date.now()
    job.info.stage = state
    this.counts[state]++
    this.emit('job', { ...job.info })
    // Keep the last finished jobs for job(); forget older ones so a long session stays small.
    this.finished.push(job.info.id)
    if (this.finished.length > KEEP_FINISHED) this.jobs.delete(this.finished.shift()!)
  }
}

function clampSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`Worker count must be 1–64, got ${n}`)
  return n
}
