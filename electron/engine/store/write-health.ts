// The health of the store's writes, shared by every writer (history, zones, runs, settings). A disk
// that fills up makes every writer fail at once: the user is told once, not once per writer and
// per second. A notice goes out when writes start failing; a write that succeeds ends the episode.
// Writes on a nearly full disk can flap (a small write fits in reused space, the next big one does
// not), so a new episode within `quietMs` of the last notice is not announced again.
export interface WriteHealthOptions {
  /** Told once per episode of failing writes. */
  onError: (message: string) => void
  /** The shortest time between two notices. Default one minute. */
  quietMs?: number
  now?: () => number
}

export class WriteHealth {
  private readonly o: WriteHealthOptions
  private failingSince: number | null = null
  private lastNotice = -Infinity
  /** Writes that failed since the process started, for diagnostics and tests. */
  failures = 0

  constructor(o: WriteHealthOptions) {
    this.o = o
  }

  get failing(): boolean {
    return this.failingSince !== null
  }

  /** A write failed: `what` names what was not saved, `then` what happens to it. */
  failed(what: string, err: unknown, then: string): void {
    this.report(`Could not save ${what} (${describeWriteError(err)}); ${then}`)
  }

  /** A writer that words its own failure (the metric store). */
  report(message: string): void {
    this.failures++
    if (this.failingSince !== null) return
    const now = this.o.now?.() ?? Date.now()
    this.failingSince = now
    if (now - this.lastNotice < (this.o.quietMs ?? 60_000)) return
    this.lastNotice = now
    this.o.onError(message)
  }

  /** A write succeeded: the next failure is a new episode. */
  succeeded(): void {
    this.failingSince = null
  }
}

/**
 * SQLite's message with its code, e.g. "database or disk is full, SQLITE_FULL"; a lock names its
 * likely cause, since Gapwatch is the database's only writer.
 */
export function describeWriteError(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown }
  const message = typeof e?.message === 'string' ? e.message : String(err)
  const text = typeof e?.code === 'string' && !message.includes(e.code) ? `${message}, ${e.code}` : message
  return e?.code === 'SQLITE_BUSY' ? `${text}: another program holds gapwatch.db locked` : text
}
