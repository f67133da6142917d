// One rule's state machine, as Prometheus has it: inactive → pending (the condition holds, `for`
// not yet elapsed) → firing → resolved (and inactive again). Time is the samples' own (an injected
// clock, so a backtest replays history through exactly this code):
//  - pending becomes firing at the first sample at which the condition has held for `for`
//    (so exactly `for` after it began, at the sample cadence); one sample without it resets pending;
//  - a firing alert stays firing while the condition holds, and `keep_firing_for` after it last held;
//  - hysteresis: once firing, with `clear`, the condition is "not yet back across `clear`";
//  - outside the rule's session the condition is false.
import { formatValue, sameCondition, type MetricRule } from '../../../shared/alerts.ts'
import { parsePromDuration, formatPromDuration } from '../../../shared/durations.ts'
import { WindowAggregate } from './window.ts'
import { EwmaDetector, MadDetector, RelativeDetector, isAnomalous, type AnomalyDetector } from './anomaly.ts'
import { SessionWindow } from './session.ts'

export type LiveState = 'inactive' | 'pending' | 'firing'
export type Transition = 'pending' | 'firing' | 'resolved' | 'reset'

export interface RuleStatus {
  state: LiveState
  /** When pending began (the condition first held). */
  activeAt: number
  firedAt: number | null
  /** The last sample at which the condition held. */
  lastActiveAt: number
  /** The last evaluated value (the aggregate, or the sample for anomaly rules). */
  value: number | null
  /** The most extreme value while pending and firing, in the direction of the rule. */
  peak: number | null
  /** A description of the threshold for messages (`90`, or `12.3–45.6` for anomaly rules). */
  threshold: string
}

/** A pending state older than this at the restart starts over (Prometheus's --rules.alert.for-outage-tolerance). */
export const FOR_OUTAGE_TOLERANCE_MS = 3_600_000
/** A restored pending alert fires no sooner than this after the restart (Prometheus's --rules.alert.for-grace-period). */
export const FOR_GRACE_PERIOD_MS = 600_000

/**
 * When a pending alert saved by the last run began, as the engine starts again at `now`: the time it
 * was down is not counted toward `for`, as Prometheus restores its `for` state. `lastActiveAt` is the
 * last sample at which the condition held before the stop (a crash leaves the pending transition's
 * own time, so none of its pending time counts). Null: it starts over (down longer than the outage
 * tolerance, or a `for` shorter than the grace period, as Prometheus does since 3.x).
 */
export function restoredActiveAt(s: Pick<RuleStatus, 'activeAt' | 'lastActiveAt'>, forMs: number, now: number): number | null {
  const downAt = Math.min(s.lastActiveAt, now)
  if (now - downAt > FOR_OUTAGE_TOLERANCE_MS) return null
  const remaining = forMs - (downAt - s.activeAt)
  if (remaining <= 0) return s.activeAt // it had held for `for`: it fires at its next sample if it still holds
  if (forMs < FOR_GRACE_PERIOD_MS) return null
  if (remaining < FOR_GRACE_PERIOD_MS) return now + FOR_GRACE_PERIOD_MS - forMs
  return s.activeAt + (now - downAt)
}

/** A state saved by the last run as it goes on at `now` (a pending one's `activeAt`: restoredActiveAt); undefined: start over. */
export function restoredState<S extends { status: Pick<RuleStatus, 'state' | 'activeAt' | 'lastActiveAt'> }>(s: S | undefined, rule: MetricRule, now: number): S | undefined {
  if (s?.status.state !== 'pending') return s
  const activeAt = restoredActiveAt(s.status, ms(rule.for), now)
  return activeAt === null ? undefined : { ...s, status: { ...s.status, activeAt } }
}

function ms(d: string): number {
  return parsePromDuration(d) ?? 0
}

export class RuleEvaluator {
  private current: MetricRule
  private readonly forMs: number
  private readonly keepMs: number
  private readonly agg: WindowAggregate | null
  private readonly detector: AnomalyDetector | null
  private readonly session: SessionWindow | null
  private readonly above: boolean
  readonly status: RuleStatus

  constructor(rule: MetricRule, restored?: Partial<RuleStatus>) {
    this.current = rule
    this.forMs = ms(rule.for)
    this.keepMs = ms(rule.keep_firing_for)
    this.session = rule.session ? new SessionWindow(rule.session) : null
    if (rule.kind === 'threshold') {
      this.agg = new WindowAggregate(rule.aggregate, ms(rule.window))
      this.detector = null
      this.above = rule.op === '>' || rule.op === '>='
    } else {
      this.agg = null
      const w = ms(rule.window)
      const warm = ms(rule.warmup)
      this.detector =
        rule.method === 'mad'
          ? new MadDetector(w, warm)
          : rule.method === 'relative'
            ? new RelativeDetector(w, warm)
            : new EwmaDetector(w, warm, { score: rule.score, floor: rule.floor })
      this.above = rule.direction !== 'down'
    }
    this.status = {
      state: 'inactive',
      activeAt: 0,
      firedAt: null,
      lastActiveAt: 0,
      value: null,
      peak: null,
      threshold: rule.kind === 'threshold' ? String(rule.threshold) : '',
      ...restored,
    }
  }

  get rule(): MetricRule {
    return this.current
  }

  /** The same rule with other delivery fields (shared/alerts.ts sameCondition): the state goes on. */
  redeliver(rule: MetricRule): void {
    if (!sameCondition(this.current, rule)) throw new Error(`rule ${rule.name}: its condition changed; it needs a new evaluator`)
    this.current = rule
  }

  /** How much history the rule's window or baseline needs before it can judge (0 for `last`). */
  get historyMs(): number {
    const r = this.rule
    if (r.kind === 'anomaly') return Math.max(ms(r.window), ms(r.warmup))
    return r.aggregate === 'last' ? 0 : ms(r.window)
  }

  /** Feeds a past value to the window or baseline only (no state change): a restart's warm start. */
  prime(t: number, v: number): void {
    if (this.agg !== null) this.agg.update(t, v)
    else this.detector!.update(t, v)
  }

  /** The series ended (an intermittent one stopped): a pending alert resets, a firing one resolves. */
  end(): Transition | null {
    const st = this.status.state
    if (st === 'inactive') return null
    this.reset()
    return st === 'pending' ? 'reset' : 'resolved'
  }

  /** Back to inactive without a sample (a pending alert whose condition went unobserved). */
  /** Sample times moved by `step` ms (an adopted clock step): the window and a pending `for` move with them. Whether a state to persist changed. */
  shift(step: number): boolean {
    this.agg?.shift(step)
    const s = this.status
    if (s.state === 'inactive') return false
    if (s.state === 'pending') s.activeAt += step
    s.lastActiveAt += step
    return true
  }

  reset(): void {
    this.status.state = 'inactive'
    this.status.peak = null
  }

  get forText(): string {
    return formatPromDuration(this.forMs)
  }

  /**
   * Feeds one sample of the rule's metric at time t. Returns the transition it caused, or null
   * (also while a window is not yet covered or an anomaly detector warms up: the state holds).
   */
  step(t: number, v: number): Transition | null {
    const cond = this.condition(t, v)
    if (cond === null) return null
    const s = this.status
    switch (s.state) {
      case 'inactive':
        if (!cond) return null
        s.activeAt = t
        s.lastActiveAt = t
        s.peak = s.value
        if (this.forMs === 0) {
          s.state = 'firing'
          s.firedAt = t
          return 'firing'
        }
        s.state = 'pending'
        return 'pending'
      case 'pending':
        if (!cond) {
          s.state = 'inactive'
          s.peak = null
          return 'reset'
        }
        s.lastActiveAt = t
        this.notePeak()
        if (t - s.activeAt >= this.forMs) {
          s.state = 'firing'
          s.firedAt = t
          return 'firing'
        }
        return null
      case 'firing':
        if (cond) {
          s.lastActiveAt = t
          this.notePeak()
          return null
        }
        if (this.keepMs > 0 && t - s.lastActiveAt < this.keepMs) return null
        s.state = 'inactive'
        return 'resolved'
    }
  }

  private notePeak(): void {
    const v = this.status.value
    if (v === null) return
    const p = this.status.peak
    if (p === null || (this.above ? v > p : v < p)) this.status.peak = v
  }

  /** Whether the rule's condition holds at this sample; null when it cannot be told yet. */
  private condition(t: number, v: number): boolean | null {
    const r = this.rule
    const inSession = this.session === null || this.session.contains(t)
    if (r.kind === 'threshold') {
      const x = this.agg!.update(t, v)
      if (x === null) return null
      this.status.value = x
      if (!inSession) return false
      const firing = this.status.state === 'firing'
      const limit = firing && r.clear !== undefined ? r.clear : r.threshold
      // With hysteresis a firing alert holds until the value crosses `clear` (strictly).
      if (firing && r.clear !== undefined) return this.above ? x > limit : x < limit
      switch (r.op) {
        case '>':
          return x > limit
        case '>=':
          return x >= limit
        case '<':
          return x < limit
        default:
          return x <= limit
      }
    }
    const score = this.detector!.update(t, v)
    if (score === null) return null
    this.status.value = v
    const lo = score.centre - r.score * score.scale
    const hi = score.centre + r.score * score.scale
    this.status.threshold = r.direction === 'up' ? formatValue(hi) : r.direction === 'down' ? formatValue(lo) : `${formatValue(lo)}–${formatValue(hi)}`
    if (!inSession) return false
    return isAnomalous(score, v, r)
  }
}
