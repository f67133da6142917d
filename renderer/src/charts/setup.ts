// Chart.js registration, once: only the pieces the dashboard uses (tree-shaken), the date-fns
// adapter (local time zone), drag-to-zoom and the financial candlesticks. The canvas Legend plugin
// is left out on purpose: it cost more than the rest of a live chart's update (charts/Legend.tsx).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  TimeScale,
  TimeSeriesScale,
  Tooltip,
  type ChartComponentLike,
} from 'chart.js'
import 'chartjs-adapter-date-fns'
import zoomPlugin from 'chartjs-plugin-zoom'
import { CandlestickController, CandlestickElement, OhlcController, OhlcElement } from 'chartjs-chart-financial'

let done = false

export function setupCharts(): void {
  if (done) return
  done = true
  Chart.register(
    BarController,
    BarElement,
    CategoryScale,
    Decimation,
    Filler,
    LinearScale,
    LineController,
    LineElement,
    PointElement,
    ScatterController,
    TimeScale,
    TimeSeriesScale,
    Tooltip,
    zoomPlugin,
    // The package types these as DOM Elements; they are chart.js components.
    CandlestickController as unknown as ChartComponentLike,
    CandlestickElement as unknown as ChartComponentLike,
    OhlcController as unknown as ChartComponentLike,
    OhlcElement as unknown as ChartComponentLike,
  )
  Chart.defaults.animation = false
  Chart.defaults.maintainAspectRatio = false
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
  Chart.defaults.font.size = 11
  Chart.defaults.elements.point.radius = 0
  Chart.defaults.elements.line.borderWidth = 1.5
}

export { Chart }
