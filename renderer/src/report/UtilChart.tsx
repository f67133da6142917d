// A utilisation chart on paper: the min–max band (light fill) and the average (a line), light colours
// only, fixed size so the page lays out the same on screen, in Chromium's print and in printToPDF.
import { useEffect, useRef } from 'react'
import { CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement } from 'chart.js'
import type { Utilisation } from '../../../shared/report.ts'
import { tick, tickStep } from './format.ts'
import { reportValueAxis } from './axis.ts'

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler)

export const CHART_WIDTH = 660
export const CHART_HEIGHT = 150
const INK = '#1d2733'
const GRID = '#d9dee5'
const LINE = '#1f5fbf'
const BAND = 'rgba(31, 95, 191, 0.18)'

interface Props {
  u: Utilisation
  from: number
  to: number
  onDrawn: () => void
}

export function UtilChart({ u, from, to, onDrawn }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const xy = (k: 1 | 2 | 3) => u.points.map((p) => ({ x: p[0], y: p[k] }))
    const chart = new Chart(canvas.current!, {
      type: 'line',
      data: {
        datasets: [
          { label: 'max', data: xy(2), borderWidth: 0, pointRadius: 0, backgroundColor: BAND, fill: '+1' },
          { label: 'min', data: xy(1), borderWidth: 0, pointRadius: 0, backgroundColor: BAND, fill: false },
          { label: 'average', data: xy(3), borderColor: LINE, borderWidth: 1.25, pointRadius: 0, fill: false },
        ],
      },
      options: {
        animation: false,
        responsive: false,
        devicePixelRatio: 2,
        parsing: false,
        normalized: true,
        events: [],
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: {
          x: {
            type: 'linear',
            min: from,
            max: to,
            grid: { color: GRID },
            border: { color: GRID },
            ticks: { color: INK, stepSize: tickStep(to - from), maxRotation: 0, font: { size: 10 }, callback: (v) => tick(Number(v), to - from) },
          },
          y: reportValueAxis(u, { ink: INK, grid: GRID }),
        },
      },
    })
    onDrawn()
    return () => chart.destroy()
  }, [u, from, to, onDrawn])
  return <canvas ref={canvas} width={CHART_WIDTH} height={CHART_HEIGHT} role="img" aria-label={`${u.label} over the period`} data-testid={`report-chart-${u.metric}`} />
}
