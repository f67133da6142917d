// What the e2e tests and bench/dashboard.ts read from the page, in one place, installed by main.tsx
// (production modules publish signals and arrays; only this file writes to window):
//   __gapwatchLatency       recent sample→paint latencies (ms), the live array (a reader may empty it)
//   __gapwatchSeriesTimes   the timestamps a live series holds (to check a refilled gap)
//   __gapwatchHistoryDrawn  the last History redraw: range, tier, points and click→frame ms
//   __gapwatchBacktestShaded the time ranges the rule editor's backtest chart shades
import { recentLatencies } from './store/latency.ts'
import type { LiveStore } from './store/live.ts'
import { historyDrawn, type HistoryDrawn } from './views/History.tsx'
import { backtestShaded, type BacktestShaded } from './views/alerts/Backtest.tsx'

declare global {
  interface Window {
    __gapwatchLatency?: number[]
    __gapwatchSeriesTimes?: (metric: string) => number[]
    __gapwatchHistoryDrawn?: HistoryDrawn
    __gapwatchBacktestShaded?: BacktestShaded | null
  }
}

export function installTestHooks(store: LiveStore): void {
  window.__gapwatchLatency = recentLatencies
  window.__gapwatchSeriesTimes = (metric: string) => store.seriesOf(metric).map((p) => p.x)
  historyDrawn.subscribe(() => {
    const d = historyDrawn.get()
    if (d) window.__gapwatchHistoryDrawn = d
  })
  backtestShaded.subscribe(() => {
    window.__gapwatchBacktestShaded = backtestShaded.get()
  })
}
