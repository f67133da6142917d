// A line chart bound to the live store's arrays: each sample moves the time window and calls
// chart.update('none') through a ref — React never re-renders it per sample.
import { useEffect, useMemo, useRef } from 'react'
import { Chart } from 'react-chartjs-2'
import type { Chart as ChartJS, ChartData, ChartOptions } from 'chart.js'
import { formatUnit, type MetricUnit } from '../../../shared/format.ts'
import { unitOfMetric } from '../../../shared/metrics.ts'
import type { LiveStore, Point } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'
import { usePalette, withAlpha, type Palette } from './theme.ts'
import { timeAxis, fastLineOptions, valueAxis } from './axes.ts'
import { Legend, type LegendItem } from './Legend.tsx'

export interface LiveSeries {
  metric: string
  label: string
  /** Index into the palette's series colours. */
  color?: number
  fill?: boolean
}

interface Props {
  store: LiveStore
  series: readonly LiveSeries[]
  /** Default: the registry's unit of the first series (shared/metrics.ts). */
  unit?: MetricUnit
  /** Fixed y range (e.g. 0–100 for percentages); absent = automatic from 0. */
  yMax?: number
  height?: number
  title: string
  testId?: string
}

type LineChart = ChartJS<'line', Point[]>

/** The window shown: the store's whole window once it is full, at least a minute before that. */
const MIN_SPAN_MS = 60_000

export function LiveChart({ store, series, unit: given, yMax, height = 150, title, testId }: Props) {
  const unit = given ?? unitOfMetric(series[0]?.metric ?? '')
  const p = usePalette()
  const chartRef = useRef<LineChart | null>(null)
  const hasData = useSignal(store.hasData)

  const data = useMemo<ChartData<'line', Point[]>>(
    () => ({
      datasets: series.map((s, i) => {
        const color = p.series[(s.color ?? i) % p.series.length]
        return {
          label: s.label,
          data: store.seriesOf(s.metric),
          borderColor: color,
          backgroundColor: s.fill ? withAlpha(color, 0.18) : color,
          fill: s.fill ? 'origin' : false,
          pointRadius: 0,
          pointHoverRadius: 3,
          borderWidth: 1.5,
        }
      }),
    }),
    [series, store, p],
  )
  const options = useMemo(() => liveOptions(p, unit, yMax, store.windowMs), [p, unit, yMax, store.windowMs])
  const legend = useMemo<LegendItem[]>(() => series.map((s, i) => ({ label: s.label, color: p.series[(s.color ?? i) % p.series.length] })), [series, p])

  useEffect(() => {
    const arrays = series.map((s) => store.seriesOf(s.metric))
    const move = (t: number) => {
      const chart = chartRef.current
      if (!chart || document.visibilityState !== 'visible') return
      const x = chart.options.scales?.x
      if (x) {
        let first = t
        for (const a of arrays) if (a.length && a[0].x < first) first = a[0].x
        x.min = Math.min(t - MIN_SPAN_MS, Math.max(t - store.windowMs, first))
        x.max = t
      }
      chart.update('none')
    }
    if (store.latest) move(store.latest.t)
    const offTick = store.onTick((s) => move(s.t))
    const onVisible = () => store.latest && move(store.latest.t)
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      offTick()
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [store, options, series])

  return (
    <figure className="chart" data-testid={testId} aria-label={title}>
      <figcaption>
        {title}
        <Legend items={legend} chartRef={chartRef} />
      </figcaption>
      <div className="chart-canvas" style={{ height }}>
        <Chart type="line" ref={chartRef} data={data} options={options} updateMode="none" role="img" aria-label={`${title} chart`} />
        {!hasData && <div className="chart-empty">Waiting for the first sample…</div>}
      </div>
    </figure>
  )
}

function liveOptions(p: Palette, unit: MetricUnit, yMax: number | undefined, windowMs: number): ChartOptions<'line'> {
  const now = Date.now()
  return {
    ...fastLineOptions,
    scales: {
      x: { ...timeAxis(p), min: now - windowMs, max: now },
      y: valueAxis(p, unit, yMax),
    },
    plugins: {
      tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${formatUnit(unit, ctx.parsed.y)}` } },
      decimation: { enabled: false },
    },
  }
}
