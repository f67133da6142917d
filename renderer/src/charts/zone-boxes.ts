// A small Chart.js plugin that draws FVG zones as boxes behind the candles: from the zone's candle
// (or the left edge when it formed before the first candle shown) to its mitigation candle, or to
// the right edge while it is still open. Mitigated zones are drawn faded.
import type { Chart, ChartType, Plugin } from 'chart.js'
import type { FvgZone } from '../../../shared/fvg.ts'

export interface ZoneBoxesOptions {
  zones: readonly FvgZone[]
  /** Full-series index of the first candle on the chart (zones use full-series indexes). */
  offset: number
  /** Times of the candles on the chart, for index → pixel. */
  times: readonly number[]
  bull: string
  bear: string
  /** Alpha multiplier for mitigated zones. */
  fadedAlpha: number
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- must match chart.js's declaration
  interface PluginOptionsByType<TType extends ChartType> {
    zoneBoxes?: Partial<ZoneBoxesOptions>
  }
}

function xOfIndex(chart: Chart, o: ZoneBoxesOptions, index: number): number | null {
  const i = index - o.offset
  if (i < 0) return null
  if (i >= o.times.length) return chart.chartArea.right
  return chart.scales.x.getPixelForValue(o.times[i])
}

export const zoneBoxes: Plugin = {
  id: 'zoneBoxes',
  beforeDatasetsDraw(chart, _args, raw) {
    const o = raw as Partial<ZoneBoxesOptions>
    if (!o.zones?.length || !o.times?.length) return
    const opts = o as ZoneBoxesOptions
    const { ctx, chartArea } = chart
    const y = chart.scales.y
    ctx.save()
    ctx.beginPath()
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top)
    ctx.clip()
    for (const z of opts.zones) {
      const end = z.mitigatedIndex
      if (end !== null && end < opts.offset) continue
      const x1 = xOfIndex(chart, opts, z.index) ?? chartArea.left
      const x2 = end === null ? chartArea.right : (xOfIndex(chart, opts, end) ?? chartArea.left)
      const top = y.getPixelForValue(z.top)
      const bottom = y.getPixelForValue(z.bottom)
      const color = z.direction === 1 ? opts.bull : opts.bear
      ctx.globalAlpha = end === null ? 1 : opts.fadedAlpha
      ctx.fillStyle = color
      ctx.fillRect(x1, Math.min(top, bottom), Math.max(x2 - x1, 2), Math.max(Math.abs(bottom - top), 1))
      if (end === null) {
        ctx.strokeStyle = color
        ctx.lineWidth = 1
        ctx.strokeRect(x1, Math.min(top, bottom), Math.max(x2 - x1, 2), Math.max(Math.abs(bottom - top), 1))
      }
    }
    ctx.restore()
  },
}
