// FVG alerts: one-shot alerts on the scanner's live FVG events (a zone created or mitigated), for
// the watched symbols, timeframes and direction, above a minimum size in pips, percent or ATR
// multiples. An FVG is an event, not a condition that holds and ends, so there is no pending and no
// resolved: each matching event is logged and emitted once as `firing` (notify unless muted), and
// delivered like any alert (notification, webhook). Silences, inhibition (by `group` label) and the
// rule's session window apply; "no data" does not (no sample feeds it).
import {
  defaultMessage,
  formatValue,
  pipSize,
  renderMessage,
  type AlertEvent,
  type AlertState,
  type FvgRule,
  type Muted,
  type Severity,
} from '../../../shared/alerts.ts'
import type { FvgLiveEvent } from '../../../shared/scanner.ts'
import type { Candles } from '../../../shared/candles.ts'
import { trueRangeSum } from '../fvg/min-gap.ts'
import type { MuteSubject } from './muting.ts'
import { SessionWindow } from './session.ts'

/** A symbol's whole candle series at a timeframe (as the scanner replays it), or null when unknown. */
export type CandleSource = (symbol: string, timeframe: string) => Candles | null

export interface FvgAlertsOptions {
  emit: (e: AlertEvent) => void
  /** Events to deliver of rules with a webhook. */
  deliver?: (e: AlertEvent, rule: FvgRule) => void
  log: (t: number, rule: string, severity: Severity, state: AlertState, value: number | null, message: string, muted: Muted) => void
  muted: (a: MuteSubject, t: number) => Muted
  /** For ATR sizes; without it an ATR-filtered rule never alerts. */
  candles?: CandleSource
}

interface Compiled {
  rule: FvgRule
  symbols: ReadonlySet<string> | null
  timeframes: ReadonlySet<string> | null
  session: SessionWindow | null
}

/** Prices to 6 significant digits (1.10523, 156.234): a pip must show. */
const price = (x: number): string => String(Number(x.toPrecision(6)))

/** Series kept for ATR sizes (a replay reads one symbol; the dashboard may watch a few). */
const CACHED_SERIES = 4

export class FvgAlerts {
  private readonly o: FvgAlertsOptions
  private rules: Compiled[] = []
  private readonly series = new Map<string, Candles>()

  constructor(o: FvgAlertsOptions) {
    this.o = o
  }

  setRules(rules: readonly FvgRule[]): void {
    this.rules = rules
      .filter((r) => r.enabled)
      .map((rule) => ({
        rule,
        symbols: rule.symbols.length ? new Set(rule.symbols) : null,
        timeframes: rule.timeframes.length ? new Set(rule.timeframes) : null,
        session: rule.session ? new SessionWindow(rule.session) : null,
      }))
  }

  get size(): number {
    return this.rules.length
  }

  /** One live event from the scanner at time t: every matching rule alerts once. */
  onEvent(e: FvgLiveEvent, t: number): void {
    if (e.type === 'merged') return
    for (const c of this.rules) {
      const r = c.rule
      if (!r.events.includes(e.type)) continue
      if (c.symbols !== null && !c.symbols.has(e.symbol)) continue
      if (c.timeframes !== null && !c.timeframes.has(e.timeframe)) continue
      if (r.direction !== 'both' && (r.direction === 'bull') !== (e.zone.direction === 1)) continue
      if (c.session !== null && !c.session.contains(t)) continue
      const size = this.sizeOf(r, e)
      if (size === null || (r.min_size !== undefined && size < r.min_size.value)) continue
      this.fire(r, e, size, t)
    }
  }

  /** The gap's height in the rule's unit (pips without a min_size); null when it cannot be told. */
  sizeOf(r: FvgRule, e: FvgLiveEvent): number | null {
    const height = e.zone.top - e.zone.bottom
    const m = r.min_size
    if (m === undefined || m.unit === 'pips') return height / (m?.pip ?? pipSize(e.symbol))
    if (m.unit === 'percent') return (height / e.zone.bottom) * 100
    const atr = this.atr(e, m.period)
    return atr === null || !(atr > 0) ? null : height / atr
  }

  /** ATR(period) over the candles just before the zone's candle, as the scanner's own ATR filter. */
  private atr(e: FvgLiveEvent, period: number): number | null {
    const i = e.zone.index
    if (i < period) return null
    const c = this.candles(e.symbol, e.timeframe, i, e.zone.time)
    if (c === null) return null
    const atr = trueRangeSum(c.high, c.low, c.close, i, period) / period
    return Number.isFinite(atr) ? atr : null
  }

  /** The cached series, reloaded when it does not hold the zone's candle (a new import, a longer feed). */
  private candles(symbol: string, timeframe: string, index: number, time: number): Candles | null {
    const key = `${symbol}\u0000${timeframe}`
    let c = this.series.get(key)
    if (c === undefined || index >= c.time.length || c.time[index] !== time) {
      const loaded = this.o.candles?.(symbol, timeframe) ?? null
      if (loaded === null || index >= loaded.time.length || loaded.time[index] !== time) return null
      c = loaded
      this.series.delete(key)
      this.series.set(key, c)
      if (this.series.size > CACHED_SERIES) this.series.delete(this.series.keys().next().value!)
    }
    return c
  }

  private fire(r: FvgRule, e: FvgLiveEvent, size: number, t: number): void {
    const direction = e.zone.direction === 1 ? 'bullish' : 'bearish'
    const unit = r.min_size?.unit ?? 'pips'
    const sizeText = `${formatValue(size)} ${unit === 'atr' ? '× ATR' : unit === 'percent' ? '%' : 'pips'}`
    const labels = { ...r.labels, symbol: e.symbol, timeframe: e.timeframe, event: e.type }
    const message = renderMessage(r.message ?? defaultMessage(r), {
      value: size,
      threshold: r.min_size ? String(r.min_size.value) : '0',
      for: '0s',
      labels,
      vars: {
        symbol: e.symbol,
        timeframe: e.timeframe,
        event: e.type,
        direction,
        size: sizeText,
        top: price(e.zone.top),
        bottom: price(e.zone.bottom),
        time: new Date(e.zone.time).toISOString(),
      },
    })
    const muted = this.o.muted({ rule: r.name, severity: r.severity, labels }, t)
    this.o.log(t, r.name, r.severity, 'firing', size, message, muted)
    const event: AlertEvent = {
      rule: r.name,
      metric: `fvg:${e.symbol}:${e.timeframe}`,
      severity: r.severity,
      labels,
      state: 'firing',
      activeAt: t,
      firedAt: t,
      resolvedAt: null,
      value: size,
      message,
      muted,
      acknowledgedAt: null,
      notify: muted === null,
    }
    this.o.emit(event)
    if (event.notify && r.webhook && this.o.deliver) this.o.deliver(event, r)
  }
}
