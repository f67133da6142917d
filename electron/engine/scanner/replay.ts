// Live replay: streams stored candles at a chosen speed through the streaming detector and emits
// each FVG as it is confirmed, merged or mitigated — what a live feed would produce. Alerts
// subscribe to these events. When it ends (out of candles, stopped, or replaced by another replay)
// it says so once through `onEnd`, so a UI can show it ended and offer a restart.
import type { Candles } from '../../../shared/candles.ts'
import type { FvgOptions } from '../../../shared/fvg.ts'
import type { FvgLiveEvent, ReplayEndReason } from '../../../shared/scanner.ts'
import { FvgStream } from '../fvg/index.ts'

const TICK_MS = 50

export interface ReplayOptions {
  symbol: string
  timeframe: string
  candles: Candles
  /** Candles per second. */
  speed: number
  options: Partial<FvgOptions>
  emit: (event: FvgLiveEvent) => void
  /** Called once when the replay ends, after its last `emit`. */
  onEnd?: (replay: Replay, reason: ReplayEndReason) => void
}

export class Replay {
  readonly symbol: string
  readonly timeframe: string
  position = 0
  private readonly o: ReplayOptions
  private readonly stream: FvgStream
  private timer: NodeJS.Timeout | null = null
  private credit = 0
  private ended: ReplayEndReason | null = null
  private finished!: () => void
  /** Resolves when the replay reaches the end or is stopped. */
  readonly done = new Promise<void>((resolve) => (this.finished = resolve))

  constructor(o: ReplayOptions) {
    this.o = o
    this.symbol = o.symbol
    this.timeframe = o.timeframe
    this.stream = new FvgStream(o.options)
  }

  get total(): number {
    return this.o.candles.time.length
  }

  get running(): boolean {
    return this.timer !== null
  }

  /** Why the replay ended, or null while it may still run. */
  get endReason(): ReplayEndReason | null {
    return this.ended
  }

  start(): void {
    if (this.timer || this.ended) return
    // Nothing to feed: over at once.
    if (this.position >= this.total) return this.stop('end')
    let last = performance.now()
    this.timer = setInterval(() => {
      const now = performance.now()
      this.credit += ((now - last) / 1000) * this.o.speed
      last = now
      const n = Math.floor(this.credit)
      this.credit -= n
      this.advance(n)
    }, TICK_MS)
  }

  /** Feeds the next n candles (the timer calls this; tests may too). */
  advance(n: number): void {
    if (this.ended) return
    const c = this.o.candles
    const end = Math.min(this.total, this.position + n)
    for (; this.position < end; this.position++) {
      const i = this.position
      const events = this.stream.push({ time: c.time[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] })
      for (const e of events) {
        this.o.emit({
          type: e.type,
          symbol: this.symbol,
          timeframe: this.timeframe,
          zone: e.zone,
          ...(e.type === 'merged' ? { replaces: e.replaces } : {}),
          candleTime: c.time[i],
        })
      }
    }
    if (this.position >= this.total) this.stop('end')
  }

  /** Ends the replay; the first call reports it (`onEnd`), later ones do nothing. */
  stop(reason: ReplayEndReason = 'stopped'): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    if (this.ended) return
    this.ended = reason
    this.finished()
    this.o.onEnd?.(this, reason)
  }
}
