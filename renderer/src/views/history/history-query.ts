// The History view's request: one range of the selected metrics as a TanStack query, keyed by the
// metrics and the range (a preset by its id, so it follows now: refetched as buckets fill). A range
// that starts before the first stored sample is asked again from that sample, at the resolution of
// the shorter span (a new install's 7 d is a few minutes of raw samples, not one 10-minute bucket
// in an empty box).
import { useRef } from 'react'
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query'
import type { GapwatchClient, QueryResult } from '../../../../shared/contract.ts'
import { bounds, firstBucketTime, type Answer, type Range } from './range.ts'

const POINTS = 1000

export interface Drawn {
  result: QueryResult
  answer: Answer
}

/** At most POINTS buckets, none narrower than a sample interval (a short span is not 7 ms buckets). */
export function pointsFor(from: number, to: number, intervalMs: number): number {
  return Math.max(10, Math.min(POINTS, Math.ceil((to - from) / intervalMs)))
}

/** How often a preset re-queries: every bucket, at least every 2 s and at most every minute. */
export function followEvery(bucketMs: number): number {
  return Math.min(Math.max(bucketMs, 2000), 60_000)
}

/** A preset by its id (it follows now), a fixed range by its bounds. */
export function historyKey(metrics: string[], r: Range): [string, string[], string] {
  return ['historyRange', metrics, r.kind === 'preset' ? r.id : `${r.from}-${r.to}`]
}

export function useHistoryQuery(
  client: GapwatchClient,
  metrics: string[],
  range: Range,
  intervalMs: number,
): UseQueryResult<Drawn, Error> {
  /** Where the stored data of a metric set begins, once a range reached before it. */
  const starts = useRef(new Map<string, number>())
  const set = metrics.join(',')
  return useQuery({
    queryKey: historyKey(metrics, range),
    queryFn: async (): Promise<Drawn> => {
      const asked = bounds(range)
      const to = asked.to
      const known = starts.current.get(set) ?? null
      let from = known !== null && known > asked.from && known < to ? known : asked.from
      let result = await client.call('query', { metrics, from, to, points: pointsFor(from, to, intervalMs) })
      const first = firstBucketTime(result)
      if (first !== null && first - from > result.bucketMs && first < to) {
        starts.current.set(set, first)
        from = first
        result = await client.call('query', { metrics, from, to, points: pointsFor(from, to, intervalMs) })
      }
      const points = result.series.reduce((n, s) => Math.max(n, s.buckets.length), 0)
      const empty = new Set(metrics.filter((m) => !result.series.some((s) => s.metric === m && s.buckets.length > 0)))
      return { result, answer: { tier: result.tier, bucketMs: result.bucketMs, points, from, to, dataStart: from > asked.from ? from : null, empty } }
    },
    // The charts keep the previous range while the next one loads.
    placeholderData: keepPreviousData,
    staleTime: 0,
    // A fixed range (custom, zoom, scroll) is history: asked once.
    refetchInterval: (q) => (range.kind === 'preset' && q.state.data ? followEvery(q.state.data.answer.bucketMs) : false),
  })
}
