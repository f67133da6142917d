// A small Chart.js plugin that shades time ranges behind the datasets (like zone-boxes.ts draws
// FVG zones): full-height boxes from each range's start to its end, or to the right edge while a
// range is still open. The rule editor uses it for the moments a backtest says a rule would fire.
import type { ChartType, Plugin } from 'chart.js'

export interface ShadeRange {
  start: number
  /** null: still open at the end of the chart. */
  end: number | null
}

export interface ShadeRangesOptions {
  ranges: readonly ShadeRange[]
  fill: string
  stroke: string
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- must match chart.js's declaration
  interface PluginOptionsByType<TType extends ChartType> {
    shadeRanges?: Partial<ShadeRangesOptions>
  }
}

/** Least width drawn, so a one-sample firing on a 7-day chart is still seen. */
const MIN_WIDTH_PX = 2

export const shadeRanges: Plugin = {
  id: 'shadeRanges',
  beforeDatasetsDraw(chart, _args, raw) {
    const o = raw as Partial<ShadeRangesOptions>
    if (!o.ranges?.length) return
    const { ctx, chartArea } = chart
    const x = chart.scales.x
    ctx.save()
    ctx.beginPath()
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top)
    ctx.clip()
    ctx.fillStyle = o.fill ?? 'rgba(220,38,38,0.2)'
    ctx.strokeStyle = o.stroke ?? 'rgba(220,38,38,0.8)'
    ctx.lineWidth = 1
    for (const r of o.ranges) {
      const x1 = Math.max(chartArea.left, x.getPixelForValue(r.start))
      const x2 = r.end === null ? chartArea.right : Math.min(chartArea.right, x.getPixelForValue(r.end))
      if (x2 < chartArea.left || x1 > chartArea.right) continue
      const w = Math.max(x2 - x1, MIN_WIDTH_PX)
      ctx.fillRect(x1, chartArea.top, w, chartArea.bottom - chartArea.top)
      ctx.beginPath()
      ctx.moveTo(x1 + 0.5, chartArea.top)
      ctx.lineTo(x1 + 0.5, chartArea.bottom)
      ctx.stroke()
    }
    ctx.restore()
  },
}
