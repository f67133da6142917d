// Shared axis options: a time axis in the local time zone (the date-fns adapter formats in local
// time) with colours from the palette.
import type { ScaleOptions } from 'chart.js'
import type { Palette } from './theme.ts'

export function timeAxis(p: Palette): ScaleOptions<'time'> {
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
