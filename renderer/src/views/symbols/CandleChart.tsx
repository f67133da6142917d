// The candlestick chart of the Symbols view (chartjs-chart-financial) with the FVG zones drawn as
// boxes by the zoneBoxes plugin; the price axis stretches to the nearest open zones.
import { useMemo } from 'react'
import { Chart } from 'react-chartjs-2'
import type { ChartData, ChartOptions } from 'chart.js'
import type { FvgZone } from '../../../../shared/fvg.ts'
import { formatPrice, priceDecimals } from '../../../../shared/format.ts'
import type { CandlesResult } from '../../../../shared/scanner.ts'
import { timeAxis } from '../../charts/axes.ts'
import { usePalette, withAlpha } from '../../charts/theme.ts'
import { zoneBoxes } from '../../charts/zone-boxes.ts'

/** One candle as chartjs-chart-financial reads it (parsing: false). */
interface Ohlc {
  x: number
  o: number
  h: number
  l: number
  c: number
}

const PLUGINS = [zoneBoxes]

export interface Detail {
  candles: CandlesResult
  zones: FvgZone[]
}

export function CandleChart({ detail }: { detail: Detail }) {
  const p = usePalette()
  const { candles, zones } = detail
  const decimals = useMemo(() => priceDecimals([...candles.open, ...candles.high, ...candles.low, ...candles.close]), [candles])
  const points = useMemo(() => {
    const out: Ohlc[] = []
    const times: number[] = []
    for (let i = 0; i < candles.time.length; i++) {
      const o = candles.open[i]
      const h = candles.high[i]
      const l = candles.low[i]
      const c = candles.close[i]
      times.push(candles.time[i])
      if (o === null || h === null || l === null || c === null) continue
      out.push({ x: candles.time[i], o, h, l, c })
    }
    return { out, times }
  }, [candles])
  const data = useMemo<ChartData<'candlestick', Ohlc[]>>(
    () => ({
      datasets: [
        {
          label: candles.symbol,
          data: points.out,
          // chartjs-chart-financial 0.2.1 paints close < open with the "up" colours: name them by what they show.
          borderColors: { up: p.down, down: p.up, unchanged: p.muted },
          backgroundColors: { up: withAlpha(p.down, 0.75), down: withAlpha(p.up, 0.75), unchanged: p.muted },
        },
      ],
    }),
    [points, candles.symbol, p],
  )
  const visibleZones = useMemo(() => zones.filter((z) => z.mitigatedIndex === null || z.mitigatedIndex >= candles.offset), [zones, candles.offset])
  // Stretch the price axis to the nearest open zone above and below the last price when that at
  // most doubles the candles' own range, so the levels a trader watches next are on screen.
  const yRange = useMemo(() => {
    const lows = points.out.map((c) => c.l)
    const highs = points.out.map((c) => c.h)
    if (lows.length === 0) return { min: undefined, max: undefined }
    let min = Math.min(...lows)
    let max = Math.max(...highs)
    const span = max - min
    const last = points.out[points.out.length - 1].c
    let above = Infinity
    let below = -Infinity
    for (const z of zones) {
      if (z.mitigatedIndex !== null) continue
      if (z.bottom > last && z.top < above) above = z.top
      if (z.top < last && z.bottom > below) below = z.bottom
    }
    if (above - max < span / 2) max = Math.max(max, above)
    if (min - below < span / 2) min = Math.min(min, below)
    return { min, max }
  }, [points, zones])
  const options = useMemo<ChartOptions<'candlestick'>>(
    () => ({
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: { ...timeAxis(p), type: 'timeseries', offset: true, ticks: { ...timeAxis(p).ticks, source: 'auto', maxTicksLimit: 10 } },
        y: { type: 'linear', position: 'right', suggestedMin: yRange.min, suggestedMax: yRange.max, grid: { color: p.grid }, border: { display: false }, ticks: { color: p.muted, callback: (v) => formatPrice(Number(v), decimals) } },
      },
      plugins: {
        tooltip: {
          intersect: false,
          mode: 'index',
          callbacks: {
            label: (ctx) => {
              const d = ctx.raw as Ohlc
              return `O ${formatPrice(d.o, decimals)}  H ${formatPrice(d.h, decimals)}  L ${formatPrice(d.l, decimals)}  C ${formatPrice(d.c, decimals)}`
            },
          },
        },
        zoneBoxes: { zones: visibleZones, offset: candles.offset, times: points.times, bull: p.zoneBull, bear: p.zoneBear, fadedAlpha: 0.45 },
      },
    }),
    [p, visibleZones, candles.offset, points.times, yRange, decimals],
  )
  return (
    <figure className="chart" data-testid="candles">
      <figcaption>
        {candles.symbol} {candles.timeframe} · {points.out.length} candles · {visibleZones.length} zones in view{' '}
        <span className="legend-swatch bull" /> bullish <span className="legend-swatch bear" /> bearish <span className="muted">(faded: mitigated)</span>
      </figcaption>
      <div className="chart-canvas" style={{ height: 360 }}>
        {points.out.length === 0 ? (
          <div className="chart-empty">No candles.</div>
        ) : (
          <Chart type="candlestick" data={data} options={options} plugins={PLUGINS} role="img" aria-label={`${candles.symbol} candlesticks with FVG zones`} />
        )}
      </div>
    </figure>
  )
}
