// A history chart: the average as a line inside a min–max band (the max dataset fills down to the
// min one), so a one-second spike survives a 30-day view. Data is set imperatively by the History
// view (setBands) — React only mounts it. Drag on the plot to zoom (chartjs-plugin-zoom).
import { useEffect, useMemo, useRef } from 'react'
import { Chart } from 'react-chartjs-2'
import type { Chart as ChartJS, ChartData, ChartOptions } from 'chart.js'
import type { Bucket } from '../../../shared/contract.ts'
import { formatUnit } from '../../../shared/format.ts'
import { axisMaxOf, metricLabel, unitOfMetric } from '../../../shared/metrics.ts'
import type { Point } from '../store/live.ts'
import { timeAxis, fastLineOptions, valueAxis } from './axes.ts'
import { usePalette, withAlpha, type Palette } from './theme.ts'

export type BandChartJS = ChartJS<'line', Point[]>

interface Props {
  metric: string
  color: number
  /** Called with the chart once it exists (and null when it goes), so the view can feed it. */
  onChart: (metric: string, chart: BandChartJS | null) => void
  /** A drag or ctrl+wheel zoom ended on this range (keep it stable: it is part of the chart options). */
  onZoom: (from: number, to: number, at: number) => void
  empty: string | null
}

export function BandChart({ metric, color, onChart, onZoom, empty }: Props) {
  const p = usePalette()
  const ref = useRef<BandChartJS | null>(null)
  const unit = unitOfMetric(metric)

  const data = useMemo<ChartData<'line', Point[]>>(() => {
    const c = p.series[color % p.series.length]
    const band = withAlpha(c, 0.22)
    return {
      datasets: [
        { label: 'max', data: [], borderColor: withAlpha(c, 0.45), backgroundColor: band, borderWidth: 0.75, fill: '+1', pointRadius: 0 },
        { label: 'min', data: [], borderColor: withAlpha(c, 0.45), backgroundColor: band, borderWidth: 0.75, fill: false, pointRadius: 0 },
        { label: 'avg', data: [], borderColor: c, backgroundColor: c, borderWidth: 1.5, fill: false, pointRadius: 0 },
      ],
    }
  }, [p, color])
  const options = useMemo(() => bandOptions(p, metric, onZoom), [p, metric, onZoom])

  useEffect(() => {
    const chart = ref.current
    onChart(metric, chart)
    return () => onChart(metric, null)
  }, [metric, onChart, data, options])

  return (
    <figure className="chart" data-testid={`history-chart-${metric}`}>
      <figcaption>
        {metricLabel(metric)} <span className="muted">({unitName(unit)})</span>
      </figcaption>
      <div className="chart-canvas" style={{ height: 170 }}>
        <Chart type="line" ref={ref} data={data} options={options} updateMode="none" role="img" aria-label={`${metricLabel(metric)} history`} />
        {empty && <div className="chart-empty">{empty}</div>}
      </div>
    </figure>
  )
}

function unitName(unit: ReturnType<typeof unitOfMetric>): string {
  return { percent: '%', bytes: 'bytes', bytesPerSec: 'bytes/s', opsPerSec: 'ops/s', celsius: '°C', watts: 'W', plain: 'value' }[unit]
}

function bandOptions(p: Palette, metric: string, onZoom: (from: number, to: number, at: number) => void): ChartOptions<'line'> {
  const unit = unitOfMetric(metric)
  return {
    ...fastLineOptions,
    spanGaps: false,
    scales: {
      x: timeAxis(p),
      y: valueAxis(p, unit, axisMaxOf(metric)),
    },
    plugins: {
      tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${formatUnit(unit, ctx.parsed.y)}` } },
      // Min-max decimation keeps spikes when a range holds more points than pixels.
      decimation: { enabled: true, algorithm: 'min-max' },
      zoom: {
        zoom: {
          drag: { enabled: true, backgroundColor: withAlpha(p.series[0], 0.15), borderColor: p.series[0], borderWidth: 1 },
          wheel: { enabled: true, modifierKey: 'ctrl' },
          pinch: { enabled: false },
          mode: 'x',
          onZoomComplete: ({ chart }) => {
            const x = chart.scales.x
            onZoom(Math.round(x.min), Math.round(x.max), performance.now())
          },
        },
        pan: { enabled: false },
      },
    },
  }
}

/** Puts query buckets into a band chart and redraws it for [from, to]; a hole in the data breaks the line. */
export function setBands(chart: BandChartJS, buckets: readonly Bucket[], bucketMs: number, gapMs: number, from: number, to: number): void {
  const max: Point[] = []
  const min: Point[] = []
  const avg: Point[] = []
  let prev = -Infinity
  for (const [t, lo, hi, mean] of buckets) {
    if (t - prev > gapMs && prev !== -Infinity) {
      const hole = { x: prev + bucketMs, y: NaN }
      max.push(hole)
      min.push(hole)
      avg.push(hole)
    }
    prev = t
    max.push({ x: t, y: hi })
    min.push({ x: t, y: lo })
    avg.push({ x: t, y: mean })
  }
  const ds = chart.data.datasets
  ds[0].data = max
  ds[1].data = min
  ds[2].data = avg
  // A line needs two points: a lone bucket (a few minutes of data in a long range) shows as a dot.
  ds[2].pointRadius = buckets.length <= 2 ? 2.5 : 0
  const x = chart.options.scales?.x
  if (x) {
    x.min = from
    x.max = to
  }
  chart.update('none')
}
