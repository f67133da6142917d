// Pool runs (one per scan request) and their jobs, so the history of scans, failures and their
// reasons survives a restart.
import type { Statement } from 'better-sqlite3'
import type { Db } from './database.ts'
import type { JobInfo } from '../../../shared/scanner.ts'

export class RunStore {
  private readonly db: Db
  private readonly insertRun: Statement
  private readonly upsertJob: Statement
  private readonly finishRun: Statement

  constructor(db: Db) {
    this.db = db
    this.insertRun = db.prepare('INSERT INTO pool_run (kind, started_at, workers, jobs) VALUES (?, ?, ?, ?)')
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
    return Number(this.insertRun.run(kind, Date.now(), workers, jobs).lastInsertRowid)
  }

  recordJob(runId: number, timeframe: string, job: JobInfo, outcome: { candles: number; fvgs: number } | null = null): void {
    this.upsertJob.run({ runId, timeframe, ...job, candles: outcome?.candles ?? null, fvgs: outcome?.fvgs ?? null })
    if (job.state !== 'queued' && job.state !== 'running') this.finishRun.run({ runId, now: Date.now() })
  }

  runs(limit = 20): Array<Record<string, number | string | null>> {
    return this.db.prepare('SELECT * FROM pool_run ORDER BY id DESC LIMIT ?').all(limit) as Array<Record<string, number | string | null>>
  }

  jobs(runId: number): Array<Record<string, number | string | null>> {
    return this.db.prepare('SELECT * FROM pool_job WHERE run_id = ? ORDER BY job_id').all(runId) as Array<Record<string, number | string | null>>
  }
}
