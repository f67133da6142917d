// Streamed output, the CLI's side: which worker holds which file's formatted part, and whose turn it
// is to write (the worker's side, and why the bytes land in order: engine/pool/output-turn.ts).
// It listens to the pool's workers (pool/observed-host.ts): it takes the `turn-wait` messages (the pool
// never sees them) and watches the worker it gave the turn to. A worker that ends while holding a
// part, before its turn, loses nothing: the pool retries its job. One that ends during its write, or
// whose write fails, leaves the output incomplete: that part's `grant` promise rejects.
import { OutputWriteError } from '../engine/pool/output-turn.ts'
import type { WorkerMessage } from '../engine/pool/protocol.ts'
import type { RangeFill } from '../engine/pool/range-output.ts'
import type { WorkerHandle } from '../engine/pool/worker-host.ts'
import type { WorkerListener } from '../engine/pool/observed-host.ts'

/** What scan-stream.ts needs of the turns. */
export interface PartTurns {
  /** Resolves once some worker holds file `order`'s part, waiting for its turn. */
  ready(order: number): Promise<void>
  /** Whether a worker holds file `order`'s part now (it may have ended since `ready`). */
  holds(order: number): boolean
  /**
   * Gives the turn to the worker holding file `order`'s part (call only when `holds`). Returns a
   * promise that never resolves and rejects with an OutputWriteError when the write fails or its
   * worker ends before its result.
   */
  grant(order: number): Promise<never>
  /**
   * Gives the turn to the worker holding range `range` of split file `order`, with the merge's
   * decisions. null when no worker holds it (format it here); else resolves once written (false:
   * nothing was written, format it here), or rejects with an OutputWriteError (the output is broken).
   */
  grantRange(order: number, range: number, fill: RangeFill): Promise<boolean> | null
  /**
   * Sends range `range` of split file `order` its fill ahead of its turn, when a worker holds it:
   * the ranges' workers fill their rows at once, in parallel, and their turns only write.
   */
  prepareRange(order: number, range: number, fill: RangeFill): void
  /**
   * File `order` is done (written, or failed): its wait for a worker ends, and the workers still
   * holding its ranges (a failed file's, or ranges never granted) forget them (their memory is freed).
   */
  drop(order: number): void
}

interface Holder {
  handle: WorkerHandle
  jobId: number
}

/** Listens to the pool's workers (pool/observed-host.ts) for the parts they hold and write. */
export class OutputTurns implements PartTurns, WorkerListener {
  private readonly holders = new Map<number, Holder>()
  private readonly waiters = new Map<number, () => void>()
  private writing: (Holder & { fail: (err: OutputWriteError) => void }) | null = null
  /** Split files' ranges held by their workers, by `order/range`. */
  private readonly ranges = new Map<string, Holder>()
  private rangeWriting: (Holder & { done: (wrote: boolean) => void; fail: (err: OutputWriteError) => void }) | null = null

  /** How many files' waits and ranges this still keeps (0 once every file is done: nothing leaks). */
  get kept(): number {
    return this.waiters.size + this.holders.size + this.ranges.size
  }

  ready(order: number): Promise<void> {
    if (this.holders.has(order)) return Promise.resolve()
    return new Promise((resolve) => this.waiters.set(order, resolve))
  }

  holds(order: number): boolean {
    return this.holders.has(order)
  }

  grant(order: number): Promise<never> {
    const holder = this.holders.get(order)
    if (!holder) throw new Error(`No worker holds part ${order} of the output.`)
    this.holders.delete(order)
    const lost = new Promise<never>((_resolve, reject) => (this.writing = { ...holder, fail: reject }))
    lost.catch(() => {}) // the caller may already have its answer from the job itself
    holder.handle.send({ type: 'turn', jobId: holder.jobId })
    return lost
  }

  grantRange(order: number, range: number, fill: RangeFill): Promise<boolean> | null {
    const key = `${order}/${range}`
    const holder = this.ranges.get(key)
    if (!holder) return null
    this.ranges.delete(key)
    const written = new Promise<boolean>((done, fail) => (this.rangeWriting = { ...holder, done, fail }))
    holder.handle.send({ type: 'turn', jobId: holder.jobId, fill })
    return written
  }

  prepareRange(order: number, range: number, fill: RangeFill): void {
    const holder = this.ranges.get(`${order}/${range}`)
    holder?.handle.send({ type: 'fill', jobId: holder.jobId, fill })
  }

  drop(order: number): void {
    this.waiters.delete(order)
    for (const [key, h] of this.ranges) {
      if (!key.startsWith(`${order}/`)) continue
      this.ranges.delete(key)
      h.handle.send({ type: 'drop', jobId: h.jobId })
    }
  }

  /** A worker's message: the turn messages are taken here (the pool never sees them). */
  message(handle: WorkerHandle, m: WorkerMessage): boolean {
    if (m.type === 'turn-wait') {
      this.holders.set(m.order, { handle, jobId: m.jobId })
      this.waiters.get(m.order)?.()
      this.waiters.delete(m.order)
      return true
    }
    if (m.type === 'part-held') {
      this.ranges.set(`${m.order}/${m.range}`, { handle, jobId: m.jobId })
      return true
    }
    if (m.type === 'part-written') {
      const rw = this.rangeWriting
      if (rw?.handle !== handle || rw.jobId !== m.jobId) return true
      this.rangeWriting = null
      if (m.message === undefined) rw.done(m.wrote)
      else rw.fail(new OutputWriteError(m.output ?? 'EIO', m.message))
      return true
    }
    const w = this.writing
    if (w && w.handle === handle && (m.type === 'result' || m.type === 'error') && m.jobId === w.jobId) {
      this.writing = null
      if (m.type === 'error') w.fail(new OutputWriteError(m.output ?? 'EIO', m.message))
    }
    return false
  }

  /** A worker ended: the parts it held are lost (the pool retries their jobs), the one it was writing breaks the output. */
  exited(handle: WorkerHandle, { code, signal }: { code: number | null; signal: string | null }): void {
    for (const [order, h] of this.holders) if (h.handle === handle) this.holders.delete(order)
    for (const [key, h] of this.ranges) if (h.handle === handle) this.ranges.delete(key)
    const ended = () => new OutputWriteError('WORKER_EXIT', `the worker process writing it ended (${signal ?? `exit code ${code}`})`)
    const w = this.writing
    if (w && w.handle === handle) {
      this.writing = null
      w.fail(ended())
    }
    const rw = this.rangeWriting
    if (rw && rw.handle === handle) {
      this.rangeWriting = null
      rw.fail(ended())
    }
  }
}
