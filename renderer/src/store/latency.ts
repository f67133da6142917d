// Sample→paint latency: when a sample arrives the charts update synchronously, then the next
// animation frame stamps the time. The status bar shows a rolling p95; the recent values are
// published for the benchmark by test-hooks.ts.
import { percentile } from '../../../shared/format.ts'
import { Signal } from './signal.ts'

const KEEP = 600
const P95_OVER = 120
const recent: number[] = []
/** Recent sample→paint latencies in ms, oldest first (the array itself: a reader may empty it). */
export const recentLatencies: number[] = recent

/** The rolling p95 in ms (NaN until the first sample is painted); refreshed at most once a second. */
export const latencyP95 = new Signal<number>(NaN)
let lastPublished = 0

export function recordLatency(ms: number): void {
  recent.push(ms)
  if (recent.length > KEEP) recent.splice(0, recent.length - KEEP)
  const now = performance.now()
  if (now - lastPublished >= 1000) {
    lastPublished = now
    latencyP95.set(percentile(recent.slice(-P95_OVER), 95))
  }
}

/** Call after the charts took sample `t` (epoch ms): measures at the next frame. */
export function measureToPaint(t: number): void {
  if (document.visibilityState !== 'visible') return
  requestAnimationFrame(() => recordLatency(performance.timeOrigin + performance.now() - t))
}
