// Anomaly detectors for series without a fixed threshold. Each `update` scores the new value
// against the baseline *before* it (then folds it in) and returns null during the warm-up.
//  - EWMA: exponentially weighted mean and variance with a half-life in time, z = (x − mean) / sd.
//    A value past the alert bound moves the mean only as far as the bound (winsorised) and leaves the
//    spread alone, so an anomaly cannot hide itself by inflating the spread within seconds; a lasting
//    new level is still learnt, gradually (the mean walks to it by at most the bound per half-life).
//  - MAD: median and median absolute deviation of the last window, robust z = 0.6745 (x − median) / MAD.
//  - relative: the median of the last window, score = (x − median) / |median|.
// `floor` is the least |x − centre| that may count as anomalous, so an idle machine's noise around a
// flat baseline (sd ≈ 0) never alerts.
import { SlidingWindow } from './window.ts'

export interface AnomalyScore {
  /** The baseline the value is compared with (EWMA mean or window median). */
  centre: number
  /** One unit of spread (sd, or MAD / 0.6745). */
  scale: number
  score: number
}

export interface AnomalyDetector {
  update(t: number, v: number): AnomalyScore | null
}

const TINY = 1e-12

export class EwmaDetector implements AnomalyDetector {
  private mean = 0
  private variance = 0
  private lastT: number | null = null
  private firstT: number | null = null
  private readonly halfLifeMs: number
  private readonly warmupMs: number
  private readonly clip: { score: number; floor: number }

  constructor(halfLifeMs: number, warmupMs: number, clip: { score: number; floor: number } = { score: Infinity, floor: 0 }) {
    this.halfLifeMs = Math.max(1, halfLifeMs)
    this.warmupMs = warmupMs
    this.clip = clip
  }

  update(t: number, v: number): AnomalyScore | null {
    if (this.lastT === null || this.firstT === null) {
      this.firstT = this.lastT = t
      this.mean = v
      this.variance = 0
      return null
    }
    const sd = Math.sqrt(this.variance)
    const out = t - this.firstT >= this.warmupMs ? { centre: this.mean, scale: sd, score: (v - this.mean) / Math.max(sd, TINY) } : null
    const dt = Math.max(0, t - this.lastT)
    const alpha = 1 - Math.exp((-dt * Math.LN2) / this.halfLifeMs)
    let x = v
    let outlier = false
    if (out !== null) {
      const bound = Math.max(this.clip.score * sd, this.clip.floor)
      if (bound > 0 && Number.isFinite(bound) && Math.abs(v - this.mean) > bound) {
        x = v > this.mean ? this.mean + bound : this.mean - bound
        outlier = true
      }
    }
    const diff = x - this.mean
    const incr = alpha * diff
    this.mean += incr
    if (!outlier) this.variance = (1 - alpha) * (this.variance + diff * incr)
    this.lastT = t
    return out
  }
}

/**
 * Scores each value against the last window of values before it, once `warmupMs` have passed since
 * the first: `baseline` gives the window's centre and one unit of spread.
 */
class WindowDetector implements AnomalyDetector {
  private readonly win: SlidingWindow
  private firstT: number | null = null
  private readonly warmupMs: number
  private readonly baseline: (win: SlidingWindow) => { centre: number; scale: number }

  constructor(windowMs: number, warmupMs: number, baseline: (win: SlidingWindow) => { centre: number; scale: number }) {
    this.win = new SlidingWindow(windowMs, { extremes: false, sorted: true })
    this.warmupMs = warmupMs
    this.baseline = baseline
  }

  update(t: number, v: number): AnomalyScore | null {
    this.firstT ??= t
    let out: AnomalyScore | null = null
    if (this.win.size > 0 && t - this.firstT >= this.warmupMs) {
      const { centre, scale } = this.baseline(this.win)
      out = { centre, scale, score: (v - centre) / Math.max(scale, TINY) }
    }
    this.win.push(t, v)
    return out
  }
}

/** The value against the median of the last window, in robust standard deviations (MAD / 0.6745). */
export class MadDetector extends WindowDetector {
  constructor(windowMs: number, warmupMs: number) {
    super(windowMs, warmupMs, (win) => {
      const { median, mad } = win.medianMad()
      return { centre: median, scale: mad / 0.6745 }
    })
  }
}

/**
 * The value against the median of the last window, in fractions of that median: score −0.5 is half
 * the median below it (e.g. pool throughput under 50 % of its 1-hour median).
 */
export class RelativeDetector extends WindowDetector {
  constructor(windowMs: number, warmupMs: number) {
    super(windowMs, warmupMs, (win) => {
      const median = win.quantile(0.5)
      return { centre: median, scale: Math.abs(median) }
    })
  }
}

export function isAnomalous(s: AnomalyScore, v: number, o: { score: number; floor: number; direction: 'up' | 'down' | 'both' }): boolean {
  const dev = v - s.centre
  if (Math.abs(dev) < o.floor || dev === 0) return false
  if (o.direction === 'up') return s.score >= o.score
  if (o.direction === 'down') return -s.score >= o.score
  return Math.abs(s.score) >= o.score
}
