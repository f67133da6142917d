// A small time chart over arrays someone else owns and mutates (the pool store's history):
// `subscribe` tells it when to redraw in place.
import { useEffect, useMemo, useRef } from 'react'
import { Chart } from 'react-chartjs-2'
import type { Chart as ChartJS, ChartData, ChartOptions } from 'chart.js'
import { formatSi } from '../../../shared/format.ts'
import type { Point } from '../store/live.ts'
import { timeAxis, fastLineOptions, integerTicks } from './axes.ts'
import { Legend, type LegendItem } from './Legend.tsx'
import { usePalette, withAlpha } from './theme.ts'

export interface SeriesSpec {
  label: string
  data: Point[]
  color: number
  /** Draw on the right-hand axis. */
  right?: boolean
  stepped?: boolean
}

interface Props {
  title: string
  series: readonly SeriesSpec[]
  subscribe: (redraw: () => void) => () => void
  leftLabel: string
  rightLabel?: string
  windowMs: number
  height?: number
  empty: string | null
  testId?: string
  /** The left axis counts whole things (jobs, workers): integer ticks only. */
  integer?: boolean
}

export function SeriesChart({ title, series, subscribe, leftLabel, rightLabel, windowMs, height = 160, empty, testId, integer = false }: Props) {
  const p = usePalette()
  const ref = useRef<ChartJS<'line', Point[]> | null>(null)
  const data = useMemo<ChartData<'line', Point[]>>(
    () => ({
      datasets: series.map((s) => {
        const c = p.series[s.color % p.series.length]
        return {
          label: s.label,
          data: s.data,
          borderColor: c,
          backgroundColor: withAlpha(c, 0.15),
          fill: !s.right,
          stepped: s.stepped ?? false,
          yAxisID: s.right ? 'y1' : 'y',
          pointRadius: 0,
        }
      }),
    }),
    [series, p],
  )
  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      ...fastLineOptions,
      scales: {
        x: timeAxis(p),
        y: {
          beginAtZero: true,
          grid: { color: p.grid },
          border: { display: false },
          title: { display: true, text: leftLabel, color: p.muted },
          ticks: { color: p.muted, maxTicksLimit: 5, callback: (v) => formatSi(Number(v)) },
          ...(integer ? integerTicks() : {}),
        },
        y1: {
          display: rightLabel !== undefined,
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          border: { display: false },
          title: { display: rightLabel !== undefined, text: rightLabel ?? '', color: p.muted },
          ticks: { color: p.muted, maxTicksLimit: 5, callback: (v) => formatSi(Number(v)) },
        },
      },
      plugins: {
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${formatSi(ctx.parsed.y)}` } },
      },
    }),
    [p, leftLabel, rightLabel, integer],
  )
  const legend = useMemo<LegendItem[]>(() => series.map((s) => ({ label: s.label, color: p.series[s.color % p.series.length] })), [series, p])
  useEffect(() => {
    const redraw = () => {
      const chart = ref.current
      if (!chart) return
      const x = chart.options.scales?.x
      const last = Math.max(...series.map((s) => s.data.at(-1)?.x ?? 0))
      if (x && last > 0) {
        const first = Math.min(...series.map((s) => s.data[0]?.x ?? last))
        x.min = Math.min(last - 60_000, Math.max(last - windowMs, first))
        x.max = last
      }
      chart.update('none')
    }
    redraw()
    return subscribe(redraw)
  }, [subscribe, series, windowMs, options])
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        {title}
        <Legend items={legend} chartRef={ref} />
      </figcaption>
      <div className="chart-canvas" style={{ height }}>
        <Chart type="line" ref={ref} data={data} options={options} updateMode="none" role="img" aria-label={`${title} chart`} />
        {empty && <div className="chart-empty">{empty}</div>}
      </div>
    </figure>
  )
}
