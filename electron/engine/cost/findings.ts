// The findings of a cost report as sentences a trader reads.
import { MEMORY_FACTOR, MIN_CONFIDENT_HOURS, formatMoney, type Capacity, type CostInput, type CostReport, type Verdict } from '../../../shared/cost.ts'

/** Above this share of busy-or-waiting CPU time spent in iowait, the machine is called I/O-bound. */
export const IO_BOUND_SHARE = 0.2

const num = (v: number, digits = 1) => String(Number(v.toFixed(digits)))
const pct = (share: number) => `${Math.round(share * 100)} %`
const plural = (n: number, one: string) => `${num(n, 2)} ${one}${n === 1 ? '' : 's'}`

export interface FindingContext {
  input: CostInput
  need: Capacity | null
  verdicts: { cpu: Verdict; memory: Verdict } | null
  watts: number | undefined
  /** Cores in use at the chosen percentile. */
  atCores: number
  spanHours: number
}

export function findingsOf(r: CostReport, ctx: FindingContext): string[] {
  const out: string[] = []
  const { input, need, verdicts } = ctx
  const money = (v: number) => formatMoney(v, r.currency)
  const cores = r.utilisation.cpuCores
  const at = input.percentile >= 100 ? 'at its peak' : `at p${num(input.percentile, 2)}`
  const usedCores = ctx.atCores

  if (r.confidence.level === 'none') {
    out.push(
      r.confidence.hours === 0
        ? `No history in the last ${plural(input.lookbackDays, 'day')}: a recommendation needs ${MIN_CONFIDENT_HOURS} hours of samples.`
        : `Not enough data: ${num(r.confidence.hours)} hours of history; a recommendation needs ${MIN_CONFIDENT_HOURS}, about ${num(r.confidence.hoursUntilRecommendation)} more.`,
    )
  }
  if (verdicts && need && r.recommended) {
    const rec = r.recommended
    if (verdicts.cpu === 'over-provisioned') out.push(`Over-provisioned: ${at} it uses ${num(usedCores)} of ${plural(r.current.cores, 'core')}.`)
    else if (verdicts.cpu === 'under-provisioned')
      out.push(`Under-provisioned: ${at} it uses ${num(usedCores)} of ${plural(r.current.cores, 'core')}; with ${pct(input.headroom)} headroom it needs ${num(need.cores, 2)}.`)
    else out.push(`CPU right-sized: ${at} it uses ${num(usedCores)} of ${plural(r.current.cores, 'core')}.`)
    const peakGb = `at its peak it uses ${num(r.utilisation.memoryGb.max, 2)} of ${num(r.current.memoryGb, 2)} GB`
    if (verdicts.memory === 'over-provisioned') out.push(`Memory over-provisioned: ${peakGb}; ${num(rec.memoryGb, 2)} GB would do.`)
    else if (verdicts.memory === 'under-provisioned')
      out.push(`Memory under-provisioned: ${peakGb}; with a ${pct(MEMORY_FACTOR - 1)} margin it needs ${num(need.memoryGb, 2)} GB.`)
    else out.push(`Memory right-sized: ${peakGb}.`)

    const target = `${plural(rec.cores, 'core')} and ${num(rec.memoryGb, 2)} GB${rec.instance ? ` (${rec.instance})` : ''}`
    if (input.pricing.kind === 'workstation') out.push(`A workstation is not resized by the month: a machine with ${target} would do this work.`)
    else if (input.pricing.kind === 'catalog' && rec.instance === null)
      out.push(`No catalog entry has ${plural(Math.ceil(need.cores - 1e-9), 'core')} and ${num(need.memoryGb, 2)} GB: add one to price the recommendation.`)
    if (r.savings && r.savings.monthly > 0)
      out.push(`Right-sizing to ${target} would save ${money(r.savings.monthly)} a month (${money(r.savings.yearly)} a year, ${num(r.savings.percent)} %).`)
    else if (r.savings && r.savings.monthly < 0) out.push(`Sizing for the load (${target}) would cost ${money(-r.savings.monthly)} more a month.`)
    if (r.confidence.level === 'low' || r.confidence.level === 'medium')
      out.push(
        `${r.confidence.level === 'low' ? 'Low' : 'Medium'} confidence: ${num(r.confidence.hours / 24)} days of history; the need could be ${num(rec.range.cores.low)}–${num(rec.range.cores.high)} cores and ${num(rec.range.memoryGb.low)}–${num(rec.range.memoryGb.high)} GB.`,
      )
  }
  if (r.current.monthlyCost === null && input.pricing.kind === 'catalog')
    out.push(`No catalog entry holds the current ${plural(r.current.cores, 'core')} and ${num(r.current.memoryGb, 2)} GB: name the current instance to price it.`)
  if (ctx.watts !== undefined) out.push(`Power is an estimate: about ${Math.round(ctx.watts)} W on average (idle base, CPU TDP × utilisation, GPU draw).`)
  if (r.confidence.hours > 0) {
    if (r.utilisation.iowaitShare !== null && r.utilisation.iowaitShare >= IO_BOUND_SHARE)
      out.push(`I/O-bound: ${pct(r.utilisation.iowaitShare)} of the CPU's busy-or-waiting time waits for I/O; faster storage helps more than more cores.`)
    else if (r.utilisation.iowaitShare !== null && cores.avg > 0) out.push(`CPU-bound: only ${pct(r.utilisation.iowaitShare)} of the CPU's busy-or-waiting time waits for I/O.`)
    out.push(`On average ${pct(r.idle.cpu)} of the cores and ${pct(r.idle.memory)} of the memory paid for sit idle.`)
    const gpu = r.utilisation.gpuPct
    if (gpu) out.push(`GPU busy ${Math.round(gpu.avg)} % on average, ${Math.round(gpu.max)} % at its peak.`)
    if (ctx.spanHours - r.confidence.hours > Math.max(1, 0.1 * ctx.spanHours))
      out.push(`History has gaps: ${num(r.confidence.hours)} hours of data over ${num(ctx.spanHours)} hours.`)
  }
  return out
}
