// A split job's bookkeeping: the segments one visible job was cut into (split.ts), their progress
// weighed by length, the merge once every segment is done, and the fail-all when one fails. The
// pool dispatches the parts like any job; outside the pool the group stays one job: one JobInfo,
// one progress bar, one merged result.
import type { CsvErrorFields, ScanJobResult, ScanJobSpec } from './protocol.ts'
import { mergeScanResultsInSteps, splitScan } from './split.ts'
import { drain, type Steps } from '../time-slices.ts'
import { wholeFileCsvError } from './file-merge.ts'

/** What the group needs to know of one of its parts (the pool's own job record). */
export interface GroupPart {
  spec: ScanJobSpec
  info: { state: string; progress: number }
}

export class JobGroup<P extends GroupPart> {
  readonly spec: ScanJobSpec
  readonly parts: readonly P[]
  private readonly results: (ScanJobResult | null)[]
  /** Parts that failed, with their message (and CSV error, lines counted from the part's start). */
  private readonly errors: ({ message: string; csv?: CsvErrorFields } | null)[]

  /** The group of `spec` cut into segments of `segmentCandles`, or null when it runs whole. */
  static plan<P extends GroupPart>(spec: ScanJobSpec, segmentCandles: number, makePart: (segment: ScanJobSpec, i: number, n: number, share: number) => P): JobGroup<P> | null {
    const segments = splitScan(spec, segmentCandles)
    if (!segments) return null
    const total = segments.reduce((a, s) => a + length(s), 0)
    return new JobGroup(spec, segments.map((s, i) => makePart(s, i, segments.length, length(s) / total)))
  }

  constructor(spec: ScanJobSpec, parts: P[]) {
    this.spec = spec
    this.parts = parts
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

  /**
   * Keeps a finished part's result. Returns the merged result once every part is done, else null;
   * throws when the merge finds the parts inconsistent, or a part before the unfinished ones failed
   * (the whole job then fails with the error a whole scan reports: the first in the file).
   */
  complete(part: P, result: ScanJobResult): ScanJobResult | null {
    const merge = this.completeInSteps(part, result)
    return merge && drain(merge)
  }

  /**
   * complete() with the merge left as steps (engine/time-slices.ts) for the caller to run: the pool runs
   * them a few milliseconds per event-loop turn. Null while parts are missing; throws as complete().
   */
  completeInSteps(part: P, result: ScanJobResult): Steps<ScanJobResult> | null {
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
  fail(part: P, message: string, csv?: CsvErrorFields): string | null {
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

  /** Ends the group early (one part failed, or the job was cancelled): `stop` takes every part off. */
  stopAll(stop: (part: P) => void): void {
    for (const p of this.parts) stop(p)
    this.results.fill(null)
    this.errors.fill(null)
  }
}

function length(spec: ScanJobSpec): number {
  if (spec.fileRange) return spec.fileRange.end - spec.fileRange.start
  return spec.segment ? spec.segment.to - spec.segment.from : 1
}
