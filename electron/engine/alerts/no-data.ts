// "No data": the sampler stalled (no sample for N intervals) or one metric stopped arriving while
// samples go on (a collector failing). Each fires its own alert and mutes the rules that read the
// metric. A metric's own cadence counts (file systems come every 60 s), so N is in units of the
// longer of the sample interval and the metric's last gap.
export const SAMPLER_STALLED = 'sampler-stalled'
export const noDataRuleName = (metric: string): string => `no-data:${metric}`

export interface SeriesSeen {
  lastT: number | null
  /** The last gap between two values of the metric. */
  gap: number
  /** Set by a resume: the next value's distance from the resume is not the metric's cadence. */
  resumed?: boolean
}

export function seen(s: SeriesSeen, t: number): void {
  if (s.lastT !== null && t > s.lastT && s.resumed !== true) s.gap = t - s.lastT
  s.resumed = false
  s.lastT = t
}

/** After a pause of sampling: missing data counts from the resume, with the cadence known before. */
export function resumeSeen(s: SeriesSeen, t: number): void {
  if (s.lastT === null) return
  s.lastT = t
  s.resumed = true
}

/** Judged only once the metric's cadence is known (two values seen): file systems come every 60 s. */
export function isMissing(s: SeriesSeen, now: number, intervalMs: number, intervals: number): boolean {
  return s.lastT !== null && s.gap > 0 && now - s.lastT > intervals * Math.max(intervalMs, s.gap)
}

export function isStalled(lastSampleAt: number, now: number, intervalMs: number, intervals: number): boolean {
  return now - lastSampleAt > intervals * intervalMs
}
