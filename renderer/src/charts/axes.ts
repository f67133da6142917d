// Shared axis options: a time axis in the local time zone (the date-fns adapter formats in local
// time) with colours from the palette.
import type { ScaleOptions } from 'chart.js'
import { byteAxis, formatAxisBytes, type ByteAxis } from '../../../shared/axis.ts'
import { formatUnit, type MetricUnit } from '../../../shared/format.ts'

/** The palette colours an axis reads (theme.ts Palette has them; the report page passes its paper ones). */
export interface AxisColors {
  grid: string
  muted: string
}

export function timeAxis(p: AxisColors): ScaleOptions<'time'> {
  return {
    type: 'time',
    grid: { color: p.grid },
    border: { display: false },
    ticks: { color: p.muted, maxRotation: 0, autoSkip: true, autoSkipPadding: 24 },
    time: {
      minUnit: 'second',
      tooltipFormat: 'yyyy-MM-dd HH:mm:ss',
      displayFormats: {
        millisecond: 'HH:mm:ss.SSS',
        second: 'HH:mm:ss',
        minute: 'HH:mm',
        hour: 'HH:mm',
        day: 'MMM d',
        week: 'MMM d',
        month: 'MMM yyyy',
        quarter: 'MMM yyyy',
        year: 'yyyy',
      },
    },
  }
}

/** What every time-series chart here shares: data given as {x, y} numbers, no animation, sized by its box. */
export const fastLineOptions = {
  parsing: false,
  normalized: true,
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  interaction: { mode: 'index', intersect: false },
} as const

/**
 * The y axis of a metric unit. Byte units get ticks at round binary values, all printed in the unit
 * of the axis top (shared/axis.ts); other units keep Chart.js' ticks and the metric's format.
 */
export function valueAxis(p: AxisColors, unit: MetricUnit, yMax?: number): ScaleOptions<'linear'> {
  const common = { grid: { color: p.grid }, border: { display: false } }
  if (unit !== 'bytes' && unit !== 'bytesPerSec') {
    return {
      ...common,
      type: 'linear',
      min: 0,
      max: yMax,
      grace: yMax === undefined ? '5%' : 0,
      // whole percentages print without a decimal: 0 %, 50 %, 100 %
      ticks: { color: p.muted, maxTicksLimit: 5, callback: (v) => (unit === 'percent' && Number.isInteger(Number(v)) ? `${Number(v)} %` : formatUnit(unit, Number(v))) },
    }
  }
  const perSecond = unit === 'bytesPerSec'
  let axis: ByteAxis = byteAxis(0, perSecond ? 'rate' : 'bytes')
  return {
    ...common,
    type: 'linear',
    min: 0,
    afterDataLimits: (scale) => {
      axis = byteAxis(yMax ?? scale.max, perSecond ? 'rate' : 'bytes')
      scale.min = 0
      scale.max = axis.max
    },
    afterBuildTicks: (scale) => {
      scale.ticks = axis.ticks.map((value) => ({ value }))
    },
    ticks: { color: p.muted, callback: (v) => formatAxisBytes(axis, Number(v), perSecond) },
  }
}

export { integerTicks } from './count-axis.ts'
