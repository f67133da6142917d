// Log lines a client can cause at will (a refused connection, a message that is not JSON, a failed
// command) are kept to one per kind every QUIET_LOG_MS, with a count of the ones held back: 100,000
// bad WebSocket messages wrote 100,000 lines to serve's log (a journal or a log collector's disk).
// The count is written when the window ends (a timer that does not keep the process up), so a flood
// that stops is still reported with its size; close() writes what is still held back.

import { clipCell } from '../engine/market/errors.ts'

/** One line of a kind at most this often. */
export const QUIET_LOG_MS = 10_000

/** The count a line carries when notes of its kind were held back: "" for one, " (N since the last such note)". */
export function sinceNote(n: number): string {
  return n > 1 ? ` (${n} since the last such note)` : ''
}

export interface QuietLogOptions {
  everyMs?: number
  now?: () => number
}

/** `note(kind, line)`, and `flush()` for the counts still held back (when the server closes). */
export interface QuietLog {
  (kind: string, line: (count: number) => string): void
  flush(): void
}

/** Kinds remembered at once; the oldest is forgotten past it (kinds may come from clients). */
const MAX_KINDS = 1000

interface Kind {
  /** Events since the last line logged. */
  count: number
  loggedAt: number
  /** The latest event's line, for the count held back. */
  line: (count: number) => string
  timer: NodeJS.Timeout | null
}

/**
 * Returns `note(kind, line)`: the first line of a kind is logged, then at most one every `everyMs`,
 * `line(count)` naming how many happened since the last one logged (this one included); the ones
 * held back are logged, counted, when the window ends.
 */
export function quietLog(log: (line: string) => void, o: QuietLogOptions = {}): QuietLog {
  const everyMs = o.everyMs ?? QUIET_LOG_MS
  const now = o.now ?? Date.now
  const kinds = new Map<string, Kind>()
  const write = (k: Kind) => {
    if (k.timer) clearTimeout(k.timer)
    k.timer = null
    if (k.count === 0) return
    const count = k.count
    k.count = 0
    k.loggedAt = now()
    // The throttle is set first and a line that throws is written as such: lines are built from
    // what clients sent, and a throw here reached the crash guard once per message, unthrottled.
    let text: string
    try {
      text = k.line(count)
    } catch (err) {
      text = `a log line could not be written: ${clipCell(err instanceof Error ? err.message : String(err), 200)}`
    }
    log(text)
  }
  const note = (kind: string, line: (count: number) => string) => {
    const k = kinds.get(kind) ?? { count: 0, loggedAt: -Infinity, line, timer: null }
    k.count++
    k.line = line
    if (now() - k.loggedAt >= everyMs) write(k)
    else if (!k.timer) {
      k.timer = setTimeout(() => write(k), Math.max(0, k.loggedAt + everyMs - now()))
      k.timer.unref()
    }
    kinds.delete(kind) // re-inserted last: the map's order is by last use
    kinds.set(kind, k)
    if (kinds.size > MAX_KINDS) {
      const oldest = kinds.keys().next().value!
      write(kinds.get(oldest)!) // its count is not lost with it
      kinds.delete(oldest)
    }
  }
  return Object.assign(note, {
    flush() {
      for (const k of kinds.values()) write(k)
    },
  })
}
