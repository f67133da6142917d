// History: a range picker over the stored tiers (presets, custom, drag-to-zoom on any chart), each
// metric drawn as an average line inside its min–max band. A preset range follows "now" (it
// re-queries as new buckets fill) until the user zooms or steps back; the tier that answered shows.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { GapwatchClient, QueryResult, Tier } from '../../../shared/contract.ts'
import { BandChart, setBands, type BandChartJS } from '../charts/BandChart.tsx'
import { HistoryStatus } from './history/HistoryStatus.tsx'
import { RangeToolbar } from './history/RangeToolbar.tsx'
import { bounds, firstBucketTime, rangeName, type Answer, type PresetId, type Range } from './history/range.ts'
import { MetricPicker } from './history/MetricPicker.tsx'
import { useCommand } from '../client/queries.ts'
import type { LiveStore } from '../store/live.ts'
import { Signal } from '../store/signal.ts'

/** The last History redraw: range, tier and ms from the range click to the frame after drawing. */
export interface HistoryDrawn {
  seq: number
  range: string
  tier: Tier
  ms: number
  points: number
}
export const historyDrawn = new Signal<HistoryDrawn | null>(null)

const DEFAULT_METRICS = ['cpu.total', 'mem.used', 'disk.read_bps', 'disk.write_bps', 'net.rx_bps', 'net.tx_bps']
const POINTS = 1000

export function History({ client, store }: { client: GapwatchClient; store: LiveStore }) {
  const [range, setRange] = useState<Range>({ kind: 'preset', id: '1h' })
  const [lastPreset, setLastPreset] = useState<PresetId>('1h')
  const [metrics, setMetrics] = useState<string[]>(DEFAULT_METRICS)
  const names = useCommand(client, 'metricNames')
  const available = names.data ?? (names.isError ? [] : null)
  const [answer, setAnswer] = useState<Answer | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const charts = useRef(new Map<string, BandChartJS>())
  const last = useRef<{ result: QueryResult; from: number; to: number } | null>(null)
  /** performance.now() of the click that asked for the current range (for historyDrawn). */
  const clickedAt = useRef(0)
  const seq = useRef(0)
  /** Where the stored data of the selected metrics begins, once a range reached before it. */
  const dataStart = useRef<number | null>(null)
  useEffect(() => {
    dataStart.current = null
  }, [metrics])


  const gapMs = useCallback((bucketMs: number) => Math.max(3 * bucketMs, 3 * store.intervalMs, 5000), [store])

  const draw = useCallback(
    (metric: string, chart: BandChartJS) => {
      const l = last.current
      if (!l) return
      const s = l.result.series.find((x) => x.metric === metric)
      setBands(chart, s?.buckets ?? [], l.result.bucketMs, gapMs(l.result.bucketMs), l.from, l.to)
    },
    [gapMs],
  )

  const onChart = useCallback(
    (metric: string, chart: BandChartJS | null) => {
      if (chart) {
        charts.current.set(metric, chart)
        draw(metric, chart)
      } else charts.current.delete(metric)
    },
    [draw],
  )

  /** Queries a range and draws it into the charts; React state is set by the caller's callback. */
  /** At most POINTS buckets, none narrower than a sample interval (a short span is not 7 ms buckets). */
  const pointsFor = useCallback((from: number, to: number) => Math.max(10, Math.min(POINTS, Math.ceil((to - from) / store.intervalMs))), [store])

  const fetchAndDraw = useCallback(
    async (r: Range, quiet: boolean): Promise<Answer | null> => {
      const id = ++seq.current
      const asked = bounds(r)
      const to = asked.to
      // A range that starts before the first sample is drawn from the first sample, at the
      // resolution of that shorter span (a new install's 7 d is a few minutes of raw samples,
      // not one 10-minute bucket in an empty box).
      const known = dataStart.current
      let from = known !== null && known > asked.from && known < to ? known : asked.from
      let result = await client.call('query', { metrics, from, to, points: pointsFor(from, to) })
      const first = firstBucketTime(result)
      if (first !== null && first - from > result.bucketMs && first < to) {
        dataStart.current = first
        from = first
        result = await client.call('query', { metrics, from, to, points: pointsFor(from, to) })
      }
      if (id !== seq.current) return null
      last.current = { result, from, to }
      for (const [metric, chart] of charts.current) draw(metric, chart)
      const points = result.series.reduce((n, s) => Math.max(n, s.buckets.length), 0)
      const empty = new Set(metrics.filter((m) => !result.series.some((s) => s.metric === m && s.buckets.length > 0)))
      if (!quiet) {
        const started = clickedAt.current
        requestAnimationFrame(() => {
          historyDrawn.set({ seq: id, range: rangeName(r), tier: result.tier, ms: performance.now() - started, points })
        })
      }
      return { tier: result.tier, bucketMs: result.bucketMs, points, from, to, dataStart: from > asked.from ? from : null, empty }
    },
    [client, metrics, draw, pointsFor],
  )

  const load = useCallback(
    (r: Range, quiet: boolean) =>
      fetchAndDraw(r, quiet).then(
        (a) => {
          if (!a) return
          setAnswer(a)
          setError(null)
          setLoading(false)
        },
        (err: unknown) => {
          setError((err as Error).message)
          setLoading(false)
        },
      ),
    [fetchAndDraw],
  )

  useEffect(() => {
    void load(range, false)
  }, [range, load])

  // A preset follows now: re-query as buckets fill (at least every 2 s, at most every minute).
  const bucketMs = answer?.bucketMs
  useEffect(() => {
    if (range.kind !== 'preset' || bucketMs === undefined) return
    const every = Math.min(Math.max(bucketMs, 2000), 60_000)
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load(range, true)
    }, every)
    return () => clearInterval(timer)
  }, [range, bucketMs, load])

  /** `at` is the event's timeStamp (performance.now() time base). */
  const pick = (r: Range, at: number) => {
    clickedAt.current = at
    if (r.kind === 'preset') setLastPreset(r.id)
    setLoading(true)
    setRange(r)
  }

  const onZoom = useCallback((from: number, to: number, at: number) => {
    if (!(to > from)) return
    clickedAt.current = at
    setLoading(true)
    setRange({ kind: 'fixed', from, to, why: 'zoom' })
  }, [])

  const step = (dir: -1 | 1, at: number) => {
    if (!answer) return
    const { from, to } = answer
    const shift = ((to - from) / 2) * dir
    const now = performance.timeOrigin + at
    if (dir > 0 && to + shift >= now) return pick({ kind: 'preset', id: lastPreset }, at)
    pick({ kind: 'fixed', from: from + shift, to: to + shift, why: 'scroll' }, at)
  }

  return (
    <div className="history">
      <RangeToolbar range={range} lastPreset={lastPreset} onPick={pick} onStep={step} />
      <HistoryStatus answer={answer} loading={loading} error={error} />
      <MetricPicker available={available} selected={metrics} onChange={setMetrics} />
      <div className="grid history-grid">
        {metrics.map((m, i) => (
          <BandChart
            key={m}
            metric={m}
            color={i}
            onChart={onChart}
            onZoom={onZoom}
            empty={!answer ? 'Loading…' : answer.empty.has(m) ? 'No data in this range' : null}
          />
        ))}
      </div>
    </div>
  )
}
