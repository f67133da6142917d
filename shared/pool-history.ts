// The pool's recent history as the Scanner charts draw it (throughput, queue depth), one point per
// pool status snapshot. The engine records it, so a page opened after a scan (the first-run scan
// included) still draws that scan; the dashboard appends the snapshots it receives with the same
// function, so both sides agree point for point.
import { z } from 'zod'
import type { PoolStatus } from './scanner.ts'

export const PoolHistoryPointSchema = z.object({
  /** Epoch ms of the snapshot. */
  t: z.number(),
  candlesPerSec: z.number(),
  fvgsPerSec: z.number(),
  queued: z.number().int(),
  running: z.number().int(),
})
export type PoolHistoryPoint = z.infer<typeof PoolHistoryPointSchema>

/** How far back the history reaches (the Scanner charts' window). */
export const POOL_HISTORY_MS = 10 * 60_000

/**
 * Work finished between two snapshots, per second, from the workers' cumulative counters (matched
 * by pid: a restarted worker starts from zero). The engine's own rate covers its current busy
 * period and reads 0 once idle, so a scan shorter than the snapshot interval would never show.
 * Without an earlier snapshot, the engine's rate.
 */
export function throughputBetween(prev: PoolStatus | null, cur: PoolStatus): { candlesPerSec: number; fvgsPerSec: number } {
  const dt = prev ? cur.t - prev.t : 0
  if (!prev || dt <= 0) return { candlesPerSec: cur.stats.candlesPerSec, fvgsPerSec: cur.stats.fvgsPerSec }
  let candles = 0
  let fvgs = 0
  for (const w of cur.stats.workers) {
    const before = w.pid === null ? undefined : prev.stats.workers.find((b) => b.pid === w.pid)
    candles += Math.max(0, w.candles - (before?.candles ?? 0))
    fvgs += Math.max(0, w.fvgs - (before?.fvgs ?? 0))
  }
  return { candlesPerSec: candles / (dt / 1000), fvgsPerSec: fvgs / (dt / 1000) }
}

/** The chart point of a snapshot, given the one before it. */
export function historyPoint(prev: PoolStatus | null, cur: PoolStatus): PoolHistoryPoint {
  return { t: cur.t, ...throughputBetween(prev, cur), queued: cur.stats.queued, running: cur.stats.running }
}
