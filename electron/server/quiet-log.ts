// Log lines a client can cause at will (a refused connection, a message that is not JSON, a failed
// command) are kept to one per kind every 10 s, with a count of the ones held back: 100,000 bad
// WebSocket messages wrote 100,000 lines to serve's log (a journal or a log collector's disk).

export interface QuietLogOptions {
  everyMs?: number
  now?: () => number
}

/** Kinds remembered at once; the oldest is forgotten past it (kinds may come from clients). */
const MAX_KINDS = 1000

/**
 * Returns `note(kind, line)`: the first line of a kind is logged, then at most one every `everyMs`,
 * `line(count)` naming how many happened since the last one logged (this one included).
 */
export function quietLog(log: (line: string) => void, o: QuietLogOptions = {}): (kind: string, line: (count: number) => string) => void {
  const everyMs = o.everyMs ?? 10_000
  const now = o.now ?? Date.now
  const kinds = new Map<string, { count: number; loggedAt: number }>()
  return (kind, line) => {
    const k = kinds.get(kind) ?? { count: 0, loggedAt: -Infinity }
    k.count++
    if (now() - k.loggedAt >= everyMs) {
      log(line(k.count))
      k.count = 0
      k.loggedAt = now()
    }
    kinds.delete(kind) // re-inserted last: the map's order is by last use
    kinds.set(kind, k)
    if (kinds.size > MAX_KINDS) kinds.delete(kinds.keys().next().value!)
  }
}
