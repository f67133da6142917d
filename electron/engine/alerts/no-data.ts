// "No data": the sampler stalled (no sample for N intervals) or one metric stopped arriving while
// samples go on (a collector failing). Each fires its own alert and mutes the rules that read the
// metric. A metric's own cadence counts (file systems come every 60 s), so N is in units of the
// longer of the sample interval and the metric's last gap.
import { isMetricRule, type Rule } from '../../../shared/alerts.ts'
import { METRIC_LIST_SEPARATOR, resolveMetric } from '../../../shared/metrics.ts'
import type { SystemAlerts } from './system-alerts.ts'

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

/** The process group a `group.NAME.*` metric reads, or null for any other metric. */
export function groupOf(metric: string): string | null {
  return resolveMetric(metric, { anyGroupName: true })?.labels.group ?? null
}

/** A watched metric's no-data facts: when it was seen, and for a group.NAME.* metric its group. */
export interface GroupWatch {
  seen: SeriesSeen
  /** The process group it reads (null for any other metric), and whether that group was not configured at the last check. */
  group: string | null
  groupGone: boolean
  entries: ReadonlyArray<{ ev: { rule: { name: string } } }>
}

/**
 * Whether the process group a watched group metric reads is not configured (removed or renamed in
 * Settings, or a typo in the rule): then its no-data alert says so at once, naming the rules, instead
 * of waiting to call it a failing collector. When the group is back, missing data counts from then.
 */
export function judgeGroup(w: GroupWatch, metric: string, groups: ReadonlyArray<{ name: string }>, system: SystemAlerts, now: number): boolean {
  const gone = !groups.some((g) => g.name === w.group)
  const name = noDataRuleName(metric)
  if (gone !== w.groupGone) {
    w.groupGone = gone
    system.resolve(name, now) // the alert of the other cause: judged again
    if (!gone) resumeSeen(w.seen, now)
  }
  if (gone && !system.has(name)) system.fire(name, 'warning', { group: 'gapwatch', metric }, groupGoneMessage(metric, w.group!, w.entries.map((e) => e.ev.rule.name)), now)
  return gone
}

function groupGoneMessage(metric: string, group: string, rules: readonly string[]): string {
  const who = rules.length === 1 ? `rule ${rules[0]} reads` : `rules ${rules.join(', ')} read`
  return `No data for ${metric}: ${who} it, but ${noGroupWords(group)}`
}

/**
 * Why a rule saved from a client is refused, or null: it reads a group whose name holds the metric
 * list separator, which Settings refuses, so that group can never exist and the rule would never see
 * data. A rules file keeps accepting such a rule (one written before the separator was refused must
 * still load: rules-upgrade-comma-group.test.ts), and so does a save that keeps the metric the stored
 * rule of that name already reads (disabling or retuning an upgraded rule); those get the no-group warning.
 */
export function unconfigurableGroupProblem(rule: Rule, stored: readonly Rule[]): string | null {
  if (!isMetricRule(rule)) return null
  const group = groupOf(rule.metric)
  if (group === null || !group.includes(METRIC_LIST_SEPARATOR)) return null
  const before = stored.find((r) => r.name === rule.name)
  if (before !== undefined && isMetricRule(before) && before.metric === rule.metric) return null
  const fix = group.split(METRIC_LIST_SEPARATOR).join('_')
  return `Rule ${rule.name} is not saved: it reads ${rule.metric}, but a process group's name holds no "${METRIC_LIST_SEPARATOR}" (lists of metrics are separated by it), so a group "${group}" can never be configured. Name the group without it (e.g. "${fix}") in Settings → Process groups and in the rule.`
}

/** What is wrong with a rule on a group that is not configured, and what to do. */
export function noGroupWords(group: string): string {
  return `there is no process group "${group}" in Settings → Process groups (removed or renamed?): add the group back or change the rule`
}
