// Event-loop delay of the engine's thread, for self-telemetry: how late a timer that should fire every
// `resolution` ms actually fires (perf_hooks.monitorEventLoopDelay), so a handler that blocks the
// thread shows up as a delay of about its own length.
//
// Cost: the histogram's timer wakes the process every `resolution` ms, about 7 µs a wake-up, so 10 ms
// would cost ~0.07–0.8 % of a core on its own (measured beside an idle Node timer) against a 0.3 %
// budget for the whole engine at rest. So the resolution adapts: `busyMs` (10 ms) while `busy()` says
// work is running (pool workers alive: a scan), `restMs` (250 ms) otherwise. A block longer than the
// resolution always shows (the timer due during it is late by at least its length minus the resolution).
//
// The figures cover two windows of `windowMs`: the one that completed last and the current one, each
// value the larger of the two, so a stall shows at once and stays visible for at least one window.
import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks'

export interface LoopDelay {
  p50Ms: number
  p99Ms: number
  maxMs: number
}

export interface LoopDelayOptions {
  /** True while the engine does work worth a fine resolution (a scan). Default: never. */
  busy?: () => boolean
  /** Resolution at rest, ms. Default 250. */
  restMs?: number
  /** Resolution while busy, ms. Default 10. */
  busyMs?: number
  /** Length of one window, ms. Default 10 s. */
  windowMs?: number
  now?: () => number
}

interface Window {
  h: ELDHistogram
  resolution: number
  since: number
}

const NS_PER_MS = 1e6

/**
 * Delay figures of a monitorEventLoopDelay histogram, in ms beyond the timer's own period (the
 * histogram records whole intervals, period included); null when it has no samples. Benchmarks
 * report the engine's delay through this too (bench/fvg-loop.ts).
 */
export function delayFigures(h: ELDHistogram, resolutionMs: number): LoopDelay | null {
  if (h.count === 0) return null
  const late = (ns: number) => Math.max(0, ns / NS_PER_MS - resolutionMs)
  return { p50Ms: late(h.percentile(50)), p99Ms: late(h.percentile(99)), maxMs: late(h.max) }
}

function figures(w: Window): LoopDelay | null {
  return delayFigures(w.h, w.resolution)
}

export class LoopDelayMonitor {
  private readonly o: LoopDelayOptions
  private readonly now: () => number
  private current: Window
  private completed: LoopDelay | null = null
  private stopped = false

  constructor(o: LoopDelayOptions = {}) {
    this.o = o
    this.now = o.now ?? (() => performance.now())
    this.current = this.open(this.resolution())
  }

  private resolution(): number {
    return this.o.busy?.() ? (this.o.busyMs ?? 10) : (this.o.restMs ?? 250)
  }

  private open(resolution: number): Window {
    const h = monitorEventLoopDelay({ resolution })
    h.enable()
    return { h, resolution, since: this.now() }
  }

  /** Figures over the last completed window and the current one; zeros before any timer fired. */
  read(): LoopDelay {
    if (this.stopped) return { p50Ms: 0, p99Ms: 0, maxMs: 0 }
    const cur = figures(this.current)
    const prev = this.completed
    const out = {
      p50Ms: Math.max(cur?.p50Ms ?? 0, prev?.p50Ms ?? 0),
      p99Ms: Math.max(cur?.p99Ms ?? 0, prev?.p99Ms ?? 0),
      maxMs: Math.max(cur?.maxMs ?? 0, prev?.maxMs ?? 0),
    }
    // A new window when this one is full or the resolution should change (a scan starts or ends). At
    // the same resolution the histogram is emptied and kept: making one allocates its buckets and a
    // timer, which every 10 s at rest was a visible share of the engine's CPU, and left ~370 KB of
    // native memory to the next full GC.
    const resolution = this.resolution()
    const now = this.now()
    if (resolution !== this.current.resolution) {
      this.completed = cur ?? prev
      this.current.h.disable()
      this.current = this.open(resolution)
    } else if (now - this.current.since >= (this.o.windowMs ?? 10_000)) {
      this.completed = cur ?? prev
      this.current.h.reset()
      this.current.since = now
    }
    return out
  }

  /** The resolution in use, ms. */
  get resolutionMs(): number {
    return this.current.resolution
  }

  stop(): void {
    this.stopped = true
    this.current.h.disable()
  }
}
