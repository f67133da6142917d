// The value axis of a report chart: the dashboard's (charts/axes.ts valueAxis, on shared/axis.ts), so
// byte axes tick at round binary values in one unit and percent axes stop at the registry's axisMax
// (shared/metrics.ts), in the report's paper colours and print size.
import type { ScaleOptions } from 'chart.js'
import { axisMaxOf, resolveMetric } from '../../../shared/metrics.ts'
import type { Utilisation } from '../../../shared/report.ts'
import { valueAxis } from '../charts/axes.ts'

export function reportValueAxis(u: Pick<Utilisation, 'metric' | 'unit'>, colors: { ink: string; grid: string }): ScaleOptions<'linear'> {
  // A derived percentage the registry does not declare (shared/alerts.ts) is a share: it tops at 100 %.
  const max = axisMaxOf(u.metric) ?? (u.unit === 'percent' && resolveMetric(u.metric) === null ? 100 : undefined)
  const axis = valueAxis({ grid: colors.grid, muted: colors.ink }, u.unit, max)
  return { ...axis, grid: { color: colors.grid }, border: { color: colors.grid }, ticks: { ...axis.ticks, font: { size: 10 } } }
}
