// How much a connected remote host may send main for the window, as serve's relay bounds what it
// holds for a dashboard (MAX_WS_BUFFERED_BYTES, shared/limits.ts). webContents.send shows no queue
// to measure, so main bounds the bytes that arrive from the host per window of time instead: past
// the bound the window cannot be keeping up, and main drops the connection (the dashboard
// reconnects), rather than pass the renderer an endless stream.
import { MAX_WS_BUFFERED_BYTES } from '../../shared/limits.ts'
import type { RawData } from 'ws'

export interface RelayBudgetOptions {
  /** Bytes allowed per window (default MAX_WS_BUFFERED_BYTES). */
  bytes?: number
  /** The window, ms (default 1 s). */
  windowMs?: number
  /** The clock (tests freeze it). */
  now?: () => number
}

export class RelayBudget {
  readonly bytes: number
  readonly windowMs: number
  private readonly now: () => number
  private start = -Infinity
  private used = 0

  constructor(o: RelayBudgetOptions = {}) {
    this.bytes = o.bytes ?? MAX_WS_BUFFERED_BYTES
    this.windowMs = o.windowMs ?? 1000
    this.now = o.now ?? Date.now
  }

  /** Counts `n` bytes arrived now; false once the window's bytes pass the bound. */
  take(n: number): boolean {
    const t = this.now()
    if (t - this.start >= this.windowMs) {
      this.start = t
      this.used = 0
    }
    this.used += n
    return this.used <= this.bytes
  }

  /** Why the connection was dropped, in words naming the host. */
  exceeded(host: string): string {
    return `Host "${host}" sent more than ${this.bytes / 1024 / 1024} MiB in ${this.windowMs / 1000} s, more than the window can take: disconnected (reconnect to resume).`
  }
}

/** The size of a frame as `ws` delivers it. */
export function rawBytes(raw: RawData): number {
  if (Array.isArray(raw)) return raw.reduce((n, b) => n + b.length, 0)
  return raw.byteLength
}
