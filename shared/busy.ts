// "Busy, try again": the server refuses a request it could answer a moment later (it is still
// sending earlier replies to the client's address, or runs as many requests as it takes), and says
// so with a code and a hint of how long to wait. Declared once here: the server sets them
// (server/ws.ts), the WebSocket client turns such a reply into a BusyError, and the dashboard's
// queries retry it with a backoff from the hint while other errors fail fast (client/queries.ts).

/** The `code` of a busy reply (a reply's `code` is otherwise absent). */
export const BUSY_CODE = 'busy'

/** What the server suggests a busy client waits before asking again, ms. */
export const BUSY_RETRY_AFTER_MS = 1000

/** The longest wait between two tries of a busy call, whatever a (remote, untrusted) server hints. */
export const BUSY_MAX_DELAY_MS = 30_000

/** How many times a busy call is tried again before its error is shown (~1+2+4+8+16+30 s). */
export const BUSY_RETRIES = 6

export class BusyError extends Error {
  readonly code = BUSY_CODE
  /** The server's hint, already bounded to 0..BUSY_MAX_DELAY_MS. */
  readonly retryAfterMs: number

  constructor(message: string, retryAfterMs: number | undefined) {
    super(message)
    this.name = 'BusyError'
    const hint = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? retryAfterMs : BUSY_RETRY_AFTER_MS
    this.retryAfterMs = Math.min(BUSY_MAX_DELAY_MS, Math.max(0, hint))
  }
}

export function isBusy(err: unknown): err is BusyError {
  return err instanceof BusyError
}

/** The error of a refused reply: a BusyError when its code says busy (the WebSocket client, main's hosts, the desktop hosts client). */
export function replyError(error: string, code: string | undefined, retryAfterMs: number | undefined): Error {
  return code === BUSY_CODE ? new BusyError(error, retryAfterMs) : new Error(error)
}

/** What a refused reply carries on of an error (main's IPC reply of a remote host's call): the busy code and hint, if busy. */
export function busyFields(err: unknown): { code?: string; retryAfterMs?: number } {
  return isBusy(err) ? { code: err.code, retryAfterMs: err.retryAfterMs } : {}
}

/** The wait before the retry after `failures` earlier failures (0: the first retry): the hint, doubled each time, capped. */
export function busyDelayMs(failures: number, retryAfterMs: number): number {
  return Math.min(BUSY_MAX_DELAY_MS, Math.max(retryAfterMs, 100) * 2 ** Math.max(0, failures))
}
