// The order of the live FVG feed: newest market time first, whatever order the events arrived in.
import type { FvgLiveEvent } from '../../../../shared/scanner.ts'

/** A received event: when it arrived (`at`) and its arrival number (`seq`, the list's stable key). */
export type FeedEvent = FvgLiveEvent & { at: number; seq: number }

/** When, in market time, the event happened: its candle (a mitigation's, else the zone's formation without one). */
export function eventTime(e: FvgLiveEvent): number {
  if (e.candleTime !== undefined) return e.candleTime
  return e.type === 'mitigated' && e.zone.mitigatedTime !== null ? e.zone.mitigatedTime : e.zone.time
}

/**
 * The events sorted by market time, newest first; of equal times, the later arrival first. The whole
 * list is sorted each time (it holds a dozen), so no arrival order can leave it out of market order.
 */
export function newestFirst(list: readonly FeedEvent[]): FeedEvent[] {
  return [...list].sort((a, b) => eventTime(b) - eventTime(a) || b.seq - a.seq)
}
