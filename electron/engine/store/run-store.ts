// Pool runs (one per scan request) and their jobs, so the history of scans, failures and their
// reasons survives a restart.
//
// This is bookkeeping: a failed write (disk full) must never stop a scan. With a `health` (the
// engine), writes that fail are queued in memory, in order, and replayed by `retryPending` in one
// transaction once there is room. Run ids are allocated here rather than by SQLite, so a run whose
// row is still queued already has the id its jobs refer to. The queue is bounded; past the bound
// the oldest writes are dropped (a job's later write carries its whole state, so little is lost).
import type { Statement } from 'better-sqlite3'
import type { Db } from './database.ts'
import type { WriteHealth } from './write-health.ts'
import type { JobInfo } from '../../../shared/scanner.ts'

export interface RunStoreOptions {
  /** Queue failed writes and report them here instead of throwing. */
  health?: WriteHealth
  /** The most writes kept while the disk is full. Default 10,000 (a few MB). */
  maxPending?: number
}

export class RunStore {
  private readonly db: Db
  private readonly insertRun: Statement
  private readonly upsertJob: Statement
  private readonly finishRun: Statement
  private readonly o: RunStoreOptions
  private nextRunId: number
  /** Writes not yet done (disk full), oldest first. */
  private pending: Array<() => void> = []
  private readonly replay: (ops: Array<() => void>) => void

  constructor(db: Db, options: RunStoreOptions = {}) {
    this.db = db
    this.o = options
    this.nextRunId = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM pool_run').get() as { id: number }).id + 1
    this.replay = db.transaction((ops: Array<() => void>) => ops.forEach((op) => op()))
    this.insertRun = db.prepare('INSERT INTO pool_run (id, kind, started_at, workers, jobs) VALUES (?, ?, ?, ?, ?)')
    this.upsertJob = db.prepare(
      `INSERT INTO pool_job (run_id, job_id, symbol, timeframe, queue, state, attempts, error, candles, fvgs, started_at, finished_at)
       VALUES (@runId, @id, @symbol, @timeframe, @queue, @state, @attempts, @error, @candles, @fvgs, @startedAt, @finishedAt)
       ON CONFLICT (run_id, job_id) DO UPDATE SET state = excluded.state, attempts = excluded.attempts, error = excluded.error,
         candles = coalesce(excluded.candles, candles), fvgs = coalesce(excluded.fvgs, fvgs),
         started_at = excluded.started_at, finished_at = excluded.finished_at`,
    )
    // A run is finished when none of its jobs is queued or running; its totals come from its jobs.
    this.finishRun = db.prepare(
      `UPDATE pool_run SET
         done = (SELECT count(*) FROM pool_job WHERE run_id = @runId AND state = 'done'),
         failed = (SELECT count(*) FROM pool_job WHERE run_id = @runId AND state = 'failed'),
         cancelled = (SELECT count(*) FROM pool_job WHERE run_id = @runId AND state = 'cancelled'),
         candles = (SELECT coalesce(sum(candles), 0) FROM pool_job WHERE run_id = @runId),
         fvgs = (SELECT coalesce(sum(fvgs), 0) FROM pool_job WHERE run_id = @runId),
         finished_at = CASE WHEN (SELECT count(*) FROM pool_job WHERE run_id = @runId AND state IN ('queued', 'running')) = 0
                       THEN @now ELSE NULL END
       WHERE id = @runId`,
    )
  }

  startRun(kind: string, workers: number, jobs: number): number {
    const id = this.nextRunId++
    const startedAt = Date.now()
    this.run(() => this.insertRun.run(id, kind, startedAt, workers, jobs))
    return id
  }

  recordJob(runId: number, timeframe: string, job: JobInfo, outcome: { candles: number; fvgs: number } | null = null): void {
    const row = { runId, timeframe, ...job, candles: outcome?.candles ?? null, fvgs: outcome?.fvgs ?? null }
    const now = Date.now()
    const finished = job.state !== 'queued' && job.state !== 'running'
    this.run(() => {
      this.upsertJob.run(row)
      if (finished) this.finishRun.run({ runId, now })
    })
  }

  /** Writes queued in memory because the disk was full. */
  get unsaved(): number {
    return this.pending.length
  }

  /** Replays the queued writes in one transaction; they stay queued if it fails. */
  retryPending(): void {
    if (this.pending.length === 0) return
    const ops = this.pending
    this.pending = []
    if (!this.attempt(() => this.replay(ops))) this.pending = ops.concat(this.pending)
  }

  /** Runs one write now, or queues it behind earlier ones that are still waiting. */
  private run(op: () => void): void {
    if (!this.o.health) return op()
    if (this.pending.length === 0 && this.attempt(op)) return
    this.pending.push(op)
    const max = this.o.maxPending ?? 10_000
    if (this.pending.length > max) this.pending.splice(0, this.pending.length - max)
  }

  private attempt(op: () => void): boolean {
    try {
      op()
      this.o.health?.succeeded()
      return true
    } catch (err) {
      this.o.health?.failed('the scan history', err, 'it is kept in memory and saved when there is room.')
      return false
    }
  }

  runs(limit = 20): Array<Record<string, number | string | null>> {
    return this.db.prepare('SELECT * FROM pool_run ORDER BY id DESC LIMIT ?').all(limit) as Array<Record<string, number | string | null>>
  }

  jobs(runId: number): Array<Record<string, number | string | null>> {
    return this.db.prepare('SELECT * FROM pool_job WHERE run_id = ? ORDER BY job_id').all(runId) as Array<Record<string, number | string | null>>
  }
}
