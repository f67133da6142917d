// A split job's bookkeeping: the segments one visible job was cut into (split.ts), their progress
// weighed by length, the merge once every segment is done (a few milliseconds per event-loop turn),
// and the fail-all when one fails. The pool dispatches the parts like any job and tells the group
// what became of each (partStarted, partProgress, partDone, partFailed, partRetried); the group
// keeps the visible job's JobInfo in step and ends it through its owner: outside the pool the group
// stays one job, one progress bar, one merged result.
import type { JobInfo } from '../../../shared/scanner.ts'
import type { CsvErrorFields, ScanJobResult, ScanJobSpec } from './protocol.ts'
import { mergeScanResultsInSteps, splitScan, type SplitSizes } from './split.ts'
import { runInTurns, type Steps } from '../time-slices.ts'
import { wholeFileCsvError } from './file-merge.ts'

/** What the group needs to know of one of its parts (the pool's own job record). */
export interface GroupPart {
  spec: ScanJobSpec
  info: Pick<JobInfo, 'state' | 'progress'> & Partial<JobInfo>
}

/** The pool's side of a group: how to stop a part and how the visible job ends. */
export interface GroupOwner<P> {
  /** Takes a part off the queue, or off its worker. */
  stop(part: P): void
  /** Every part is in and merged: the job is done. */
  done(result: ScanJobResult): void
  /** The job fails with `message` (every part is stopped by then). */
  failed(message: string): void
}

/** A part made by the planner: its spec, its index, how many, and its share of the job's length. */
export type MakePart<P> = (segment: ScanJobSpec, i: number, n: number, share: number) => P

export class JobGroup<P extends GroupPart> {
  readonly spec: ScanJobSpec
  readonly parts: readonly P[]
  /** The visible job's info, which the group keeps in step with its parts. */
  private readonly info: Partial<JobInfo>
  private readonly owner: GroupOwner<P>
  private readonly results: (ScanJobResult | null)[]
  /** Parts that failed, with their message (and CSV error, lines counted from the part's start). */
  private readonly errors: ({ message: string; csv?: CsvErrorFields } | null)[]

  /**
   * The group of `spec` cut into parts of at most `sizes` (a file: into a multiple of `workers`
   * ranges), or null when it runs whole. `info`: the visible job's, kept in step; `owner`: how parts stop and
   * the job ends (the one way a group is driven: the caller reports parts with partDone/partFailed).
   */
  static plan<P extends GroupPart>(
    spec: ScanJobSpec, sizes: SplitSizes, makePart: MakePart<P>,
    o: { info?: Partial<JobInfo>; owner: GroupOwner<P>; workers?: number },
  ): JobGroup<P> | null {
    const segments = splitScan(spec, sizes, o.workers)
    if (!segments) return null
    const total = segments.reduce((a, s) => a + length(s), 0)
    return new JobGroup(spec, segments.map((s, i) => makePart(s, i, segments.length, length(s) / total)), o.owner, o.info ?? {})
  }

  constructor(spec: ScanJobSpec, parts: P[], owner: GroupOwner<P>, info: Partial<JobInfo> = {}) {
    this.spec = spec
    this.parts = parts
    this.info = info
    this.owner = owner
    this.results = parts.map(() => null)
    this.errors = parts.map(() => null)
  }

  /** The share of the whole job done: each part's progress weighed by its length. */
  progress(): number {
    let done = 0
    let total = 0
    for (const p of this.parts) {
      const len = length(p.spec)
      done += len * (p.info.state === 'done' ? 1 : p.info.progress)
      total += len
    }
    return total > 0 ? done / total : 0
  }

  /** A part went to a worker: the job runs (from its first part on), on that worker. */
  partStarted(part: P): void {
    const info = this.info
    info.attempts = Math.max(info.attempts ?? 0, part.info.attempts ?? 0)
    info.workerPid = part.info.workerPid ?? null
    if (info.state === 'queued') {
      info.state = 'running'
      info.startedAt ??= Date.now()
      info.stage = 'starting'
    }
  }

  /** A part's progress: the job's is every part's, weighed by length. */
  partProgress(stage: string): void {
    this.info.progress = this.progress()
    this.info.stage = stage
  }

  /** A part's worker ended and the part goes back to the queue. */
  partRetried(part: P, reason: string): void {
    this.info.stage = `retrying ${part.info.symbol ?? 'a part'} (${reason})`
    this.info.workerPid = null // that worker is gone
  }

  /**
   * A part's result: kept, and once every part is in, merged a few milliseconds per event-loop turn
   * (a 1M-candle series is ~5–25 ms of CPU at once), then the job is done. A job that ended
   * meanwhile (cancelled) stays as it is; an inconsistent merge fails it. The promise settles
   * (never rejects) once this part's part in that is over: at once while parts are missing, else
   * after the merge and the owner's done or failed.
   */
  partDone(part: P, result: ScanJobResult): Promise<void> {
    part.info.state = 'done'
    let merge: Steps<ScanJobResult> | null
    try {
      merge = this.completeInSteps(part, result)
    } catch (err) {
      this.failAll((err as Error).message)
      return Promise.resolve()
    }
    if (!merge) return Promise.resolve()
    const ended = () => this.info.state !== 'running'
    return runInTurns(merge, undefined, ended)
      .then((merged) => {
        if (ended()) return
        this.info.progress = 1
        this.owner.done(merged)
      })
      .catch((err: Error) => {
        // the merge's error, or the owner's done throwing (the pool calls this with `void`)
        if (!ended()) this.failAll(err.message)
      })
  }

  /** A part failed: the job fails once the parts before it are in (the first error in the file wins). */
  partFailed(part: P, message: string, csv?: CsvErrorFields): void {
    part.info.state = 'failed'
    const first = this.fail(part, message, csv)
    if (first !== null) this.failAll(first)
  }

  /** Stops every part and fails the job with `message`. */
  failAll(message: string): void {
    this.stopAll()
    this.owner.failed(message)
  }

  /** Stops every part (the job was cancelled). */
  cancel(): void {
    this.stopAll()
  }

  /**
   * Keeps a finished part's result. Returns the merge as steps (engine/time-slices.ts) once every
   * part is done, else null; throws when a part before the unfinished ones failed (the whole job
   * then fails with the error a whole scan reports: the first in the file). The steps throw when
   * the merge finds the parts inconsistent.
   */
  private completeInSteps(part: P, result: ScanJobResult): Steps<ScanJobResult> | null {
    this.results[this.indexOf(part)] = result
    const failed = this.firstError()
    if (failed !== null) throw new Error(failed)
    if (this.results.some((r) => r === null)) return null
    return mergeScanResultsInSteps(this.spec, this.parts.map((p) => p.spec), this.results as ScanJobResult[])
  }

  /**
   * Records a failed part. Returns the message the whole job fails with once every part before the
   * first failed one is done (a file's error names the whole file's line), else null: wait.
   */
  private fail(part: P, message: string, csv?: CsvErrorFields): string | null {
    this.errors[this.indexOf(part)] = { message, csv }
    return this.firstError()
  }

  /** The first failed part's message, once every part before it is done; else null. */
  private firstError(): string | null {
    for (let i = 0; i < this.parts.length; i++) {
      const err = this.errors[i]
      if (err) return err.csv && this.parts[i].spec.fileRange ? wholeFileCsvError(err.csv, this.results.slice(0, i) as ScanJobResult[]) : err.message
      if (this.results[i] === null) return null
    }
    return null
  }

  private indexOf(part: P): number {
    const i = this.parts.indexOf(part)
    if (i < 0) throw new Error(`${this.spec.symbol}: a result for a part that is not in this group.`)
    return i
  }

  /** Ends the group early (one part failed, or the job was cancelled): the owner takes every part off. */
  private stopAll(): void {
    for (const p of this.parts) this.owner.stop(p)
    this.results.fill(null)
    this.errors.fill(null)
  }
}

function length(spec: ScanJobSpec): number {
  if (spec.fileRange) return spec.fileRange.end - spec.fileRange.start
  return spec.segment ? spec.segment.to - spec.segment.from : 1
}
