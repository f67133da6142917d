// History: a range picker over the stored tiers (presets, custom, drag-to-zoom on any chart), each
// metric drawn as an average line inside its min–max band. A preset range follows "now" (it
// re-queries as new buckets fill) until the user zooms or steps back; the tier that answered shows.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { GapwatchClient, Tier } from '../../../shared/contract.ts'
import { BandChart, setBands, type BandChartJS } from '../charts/BandChart.tsx'
import { HistoryStatus } from './history/HistoryStatus.tsx'
import { RangeToolbar } from './history/RangeToolbar.tsx'
import { rangeName, type PresetId, type Range } from './history/range.ts'
import { historyKey, useHistoryQuery, type Drawn } from './history/history-query.ts'
import { MetricPicker } from './history/MetricPicker.tsx'
import { useCommand } from '../client/queries.ts'
import type { LiveStore } from '../store/live.ts'
import { Signal } from '../store/signal.ts'
import { metricName } from '../../../shared/metrics.ts'

/** The last History redraw: range, tier and ms from the range click to the frame after drawing. */
export interface HistoryDrawn {
  seq: number
  range: string
  tier: Tier
  ms: number
  points: number
}
export const historyDrawn = new Signal<HistoryDrawn | null>(null)

const DEFAULT_METRICS = [metricName('cpu.total'), metricName('mem.used'), metricName('disk.read_bps'), metricName('disk.write_bps'), metricName('net.rx_bps'), metricName('net.tx_bps')]

export function History({ client, store }: { client: GapwatchClient; store: LiveStore }) {
  const [range, setRange] = useState<Range>({ kind: 'preset', id: '1h' })
  const [lastPreset, setLastPreset] = useState<PresetId>('1h')
  const [metrics, setMetrics] = useState<string[]>(DEFAULT_METRICS)
  const names = useCommand(client, 'metricNames')
  const available = names.data ?? (names.isError ? [] : null)
  const charts = useRef(new Map<string, BandChartJS>())
  const last = useRef<Drawn | null>(null)
  /** performance.now() of the click that asked for the current range (for historyDrawn). */
  const clickedAt = useRef(0)
  const seq = useRef(0)
  const query = useHistoryQuery(client, metrics, range, store.intervalMs)
  const answer = query.data?.answer ?? null
  // A range the user picked is loading (not a preset's quiet refresh).
  const loading = query.isPending || query.isPlaceholderData

  const gapMs = useCallback((bucketMs: number) => Math.max(3 * bucketMs, 3 * store.intervalMs, 5000), [store])

  const draw = useCallback(
    (metric: string, chart: BandChartJS) => {
      const l = last.current
      if (!l) return
      const s = l.result.series.find((x) => x.metric === metric)
      setBands(chart, s?.buckets ?? [], l.result.bucketMs, gapMs(l.result.bucketMs), l.answer.from, l.answer.to)
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

  // Each answer is drawn into the charts; the first answer for a range the user asked for is
  // reported (historyDrawn), a preset's refreshes are not.
  const reported = useRef<string | null>(null)
  const drawn = query.isPlaceholderData ? undefined : query.data
  const key = JSON.stringify(historyKey(metrics, range))
  useEffect(() => {
    if (!drawn) return
    last.current = drawn
    for (const [metric, chart] of charts.current) draw(metric, chart)
    if (reported.current === key) return
    reported.current = key
    const id = ++seq.current
    const started = clickedAt.current
    requestAnimationFrame(() => {
      historyDrawn.set({ seq: id, range: rangeName(range), tier: drawn.result.tier, ms: performance.now() - started, points: drawn.answer.points })
    })
  }, [drawn, draw, key, range])

  /** `at` is the event's timeStamp (performance.now() time base). */
  const pick = (r: Range, at: number) => {
    clickedAt.current = at
    if (r.kind === 'preset') setLastPreset(r.id)
    // The same range again: asked anew and reported when drawn.
    if (JSON.stringify(historyKey(metrics, r)) === key) {
      reported.current = null
      void query.refetch()
    }
    setRange(r)
  }

  const onZoom = useCallback((from: number, to: number, at: number) => {
    if (!(to > from)) return
    clickedAt.current = at
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
      <HistoryStatus answer={answer} loading={loading} error={query.error?.message ?? null} />
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
