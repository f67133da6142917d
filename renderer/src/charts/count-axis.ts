// A linear axis of whole things (jobs, workers, files): integer ticks only, from shared/axis.ts
// countAxis, whatever range Chart.js computed. Spread into the scale's options.
import type { ScaleOptions } from 'chart.js'
import { countAxis, type CountAxis } from '../../../shared/axis.ts'

export function integerTicks(): Pick<ScaleOptions<'linear'>, 'min' | 'afterDataLimits' | 'afterBuildTicks'> {
  let axis: CountAxis = countAxis(0)
  return {
    min: 0,
    afterDataLimits: (scale) => {
      axis = countAxis(scale.max)
      scale.min = 0
      scale.max = axis.max
    },
    afterBuildTicks: (scale) => {
      scale.ticks = axis.ticks.map((value) => ({ value }))
    },
  }
}
