// The live alert engine: every rule's evaluator fed after each sample, the transitions persisted,
// logged and emitted, muting (silences: silences.ts; inhibition, no data) applied to delivery, and
// when the built-in alerts (system-alerts.ts) fire: no data, a stalled sampler. Time comes from the samples
// and an injected clock (tests use a fake one).
// Per sample: one Map lookup per metric value, then only the rules on that metric; nothing is
// written to SQLite except on a transition.
import {
  INTERMITTENT_METRICS,
  isMetricRule,
  sameCondition,
  type Alert,
  type AlertEvent,
  type AlertState,
  type MetricRule,
  type Muted,
  type Rule,
  type Severity,
  type Silence,
} from '../../../shared/alerts.ts'
import type { FvgLiveEvent } from '../../../shared/scanner.ts'
import { FvgAlerts, type CandleSource } from './fvg-alerts.ts'
import { RuleEvaluator, restoredState, type Transition } from './evaluator.ts'
import type { AlertStore } from './alert-store.ts'
import { mutedOf, type MuteSubject } from './muting.ts'
import { SystemAlerts } from './system-alerts.ts'
import { SAMPLER_STALLED, noDataRuleName, seen, isMissing, isStalled, resumeSeen, groupOf, judgeGroup, type GroupWatch } from './no-data.ts'
import { Silences } from './silences.ts'
import { alertMessage, alertView } from './alert-view.ts'

export interface AlertEngineOptions {
  store: AlertStore
  rules: readonly Rule[]
  /** Every change of an alert (pending, firing, resolved, back to inactive). */
  emit: (e: AlertEvent) => void
  /** Called for events to deliver (notify true) of rules with a webhook; must not block. */
  deliver?: (e: AlertEvent, rule: Rule) => void
  now?: () => number
  /** The sampler's interval (it can change at run time). */
  intervalMs: () => number
  /** Intervals without data before no-data fires. Default 5. */
  noDataIntervals?: number
  /** Candle series for FVG rules with an ATR size. */
  candles?: CandleSource
  /** The configured process groups' names (settings), so a rule on a group that is not one is said in words. */
  processGroups?: () => ReadonlyArray<{ name: string }>
}

interface Entry {
  ev: RuleEvaluator
  notified: boolean
  acknowledgedAt: number | null
  /** Its window was warmed from history (or it has seen live samples): never again, times only go forward. */
  primed: boolean
}

interface Watched extends GroupWatch {
  entries: Entry[]
}

const HOUR = 3_600_000

export class AlertEngine {
  private readonly o: AlertEngineOptions
  private readonly store: AlertStore
  private readonly now: () => number
  private entries = new Map<string, Entry>()
  private watched = new Map<string, Watched>()
  /** Built-in alerts (sampler stalled, a metric missing, a raised one): system-alerts.ts. */
  private readonly system: SystemAlerts
  private readonly silences: Silences
  private lastSampleAt: number
  private lastPurge = 0
  private readonly fvg: FvgAlerts
  /** When sampling was paused (intended: no data is not an alert), or null. */
  private pausedAt: number | null = null

  constructor(o: AlertEngineOptions) {
    this.o = o
    this.store = o.store
    this.now = o.now ?? Date.now
    this.lastSampleAt = this.now()
    this.silences = new Silences(this.store, this.now())
    this.system = new SystemAlerts({ store: this.store, emit: (e) => o.emit(e), silences: () => this.silences.list })
    this.fvg = new FvgAlerts({
      emit: (e) => o.emit(e),
      deliver: o.deliver,
      log: (...a) => this.store.log(...a),
      muted: (a, t) => mutedOf(a, { silences: this.silences.list, now: t, noData: false, firingCriticals: this.firingCriticals() }),
      candles: o.candles,
    })
    this.setRules(o.rules, true)
  }

  get rules(): Rule[] {
    return [...this.entries.values()].map((e): Rule => e.ev.rule).concat(this.fvgRules)
  }
  private fvgRules: Rule[] = []

  /** Replaces the rule set. A rule whose condition is unchanged keeps its state (its delivery fields may change); others start over. */
  setRules(rules: readonly Rule[], restore = false): void {
    const t = this.now()
    const old = this.entries
    const stored = restore ? new Map(this.store.states().map((s) => [s.rule, s])) : new Map()
    const next = new Map<string, Entry>()
    const fvg = rules.filter((r) => r.kind === 'fvg')
    this.fvg.setRules(fvg)
    this.fvgRules = fvg.filter((r) => r.enabled)
    for (const rule of rules) {
      if (!rule.enabled || !isMetricRule(rule)) continue
      const prev = old.get(rule.name)
      if (prev && sameCondition(prev.ev.rule, rule)) {
        this.redeliver(prev, rule, t) // a new message, labels, severity or webhook: the alert goes on
        next.set(rule.name, prev)
        continue
      }
      // The time the engine was down does not count toward a pending alert's `for` (evaluator.ts).
      const s = restoredState(stored.get(rule.name), rule, t)
      next.set(rule.name, { ev: new RuleEvaluator(rule, s?.status), notified: s?.notified ?? false, acknowledgedAt: s?.acknowledgedAt ?? null, primed: false })
      if (s !== undefined) stored.delete(rule.name)
    }
    for (const [name, e] of old) {
      if (next.get(name) === e) continue
      if (e.ev.status.state === 'firing') this.publish(e, 'resolved', t)
      if (e.ev.status.state !== 'inactive') this.store.deleteState(name)
    }
    for (const name of stored.keys()) this.store.deleteState(name)
    this.entries = next
    const watched = new Map<string, Watched>()
    for (const e of next.values()) {
      const m = e.ev.rule.metric
      let w = watched.get(m)
      const was = this.watched.get(m)
      if (!w) watched.set(m, (w = { entries: [], seen: was?.seen ?? { lastT: null, gap: 0 }, group: was?.group ?? groupOf(m), groupGone: was?.groupGone ?? false }))
      w.entries.push(e)
    }
    this.watched = watched
  }

  /**
   * Warms the rules' windows and baselines from stored history (after a restart or a rule change),
   * so a 24 h average need not wait 24 h. `read` returns a metric's values over [from, to).
   */
  prime(read: (metric: string, from: number, to: number) => { ts: ArrayLike<number>; vs: ArrayLike<number> }, now = this.now()): void {
    for (const e of this.entries.values()) {
      if (e.primed) continue
      e.primed = true
      const span = e.ev.historyMs
      if (span <= 0) continue
      const { ts, vs } = read(e.ev.rule.metric, now - span - this.o.intervalMs(), now)
      for (let i = 0; i < ts.length; i++) e.ev.prime(ts[i], vs[i])
    }
  }

  /** A clean stop: each pending alert's last sample with the condition is saved (the next start's `for` goes on from it). */
  stop(): void {
    for (const e of this.entries.values()) if (e.ev.status.state === 'pending') this.persist(e)
  }

  /** Evaluates the rules on the metrics in one sample (none while sampling is paused). */
  onSample(t: number, values: ReadonlyArray<readonly [string, number]>): void {
    if (this.pausedAt !== null) return
    this.lastSampleAt = t
    if (this.system.size > 0) this.system.resolve(SAMPLER_STALLED, t)
    this.evaluate(t, values)
  }

  /** Evaluates values computed off the sample path (the cost figures every 10 min): not a sample, so a stalled sampler stays stalled. */
  onValues(t: number, values: ReadonlyArray<readonly [string, number]>): void {
    if (this.pausedAt !== null) return
    this.evaluate(t, values)
  }

  private evaluate(t: number, values: ReadonlyArray<readonly [string, number]>): void {
    for (let i = 0; i < values.length; i++) {
      const w = this.watched.get(values[i][0])
      if (w === undefined) continue
      const v = values[i][1]
      seen(w.seen, t)
      if (this.system.size > 0) this.system.resolve(noDataRuleName(values[i][0]), t)
      const list = w.entries
      for (let k = 0; k < list.length; k++) {
        list[k].primed = true
        const tr = list[k].ev.step(t, v)
        if (tr !== null) this.transition(list[k], tr, t)
      }
    }
  }

  /**
   * Time-driven checks, run by a timer (once a sample interval): no data, silences that expired
   * (their firing alerts are delivered now), the log's retention.
   */
  tick(now = this.now()): void {
    const interval = this.o.intervalMs()
    const n = this.o.noDataIntervals ?? 5
    if (this.pausedAt !== null) {
      // Paused on purpose: no sample is not "no data".
    } else if (isStalled(this.lastSampleAt, now, interval, n)) {
      this.system.fire(SAMPLER_STALLED, 'critical', { group: 'gapwatch' }, `No sample for ${Math.round((now - this.lastSampleAt) / 1000)} s: the sampler stalled`, now)
    } else {
      // forEach, not for…of: this runs every second, mostly unoptimized, where an iterator allocates
      // an entry and a result object per step.
      const groups = this.o.processGroups?.()
      this.watched.forEach((w, metric) => {
        if (w.group !== null && groups !== undefined && judgeGroup(w, metric, groups, this.system, now)) return
        if (!isMissing(w.seen, now, interval, n)) return
        if (INTERMITTENT_METRICS.has(metric)) {
          // The series ended (the pool went idle): its alerts end with it, without a no-data alert.
          for (let k = 0; k < w.entries.length; k++) {
            const tr = w.entries[k].ev.end()
            if (tr !== null) this.transition(w.entries[k], tr, now)
          }
        } else {
          this.system.fire(noDataRuleName(metric), 'warning', { group: 'gapwatch', metric }, `No data for ${metric} (its collector may be failing)`, now)
        }
      })
    }
    this.silences.dropEnded(now)
    this.entries.forEach((e) => {
      if (e.ev.status.state === 'firing' && !e.notified && this.muted(e, now) === null) {
        e.notified = true
        this.persist(e)
        this.emitEvent(e, 'firing', now, true)
      }
    })
    if (now - this.lastPurge >= HOUR) {
      this.lastPurge = now
      this.store.purge(now)
    }
  }

  /** One live FVG event from the scanner: the FVG rules it matches alert once each. */
  onFvg(e: FvgLiveEvent, t = this.now()): void {
    if (this.fvg.size > 0) this.fvg.onEvent(e, t)
  }

  get paused(): boolean {
    return this.pausedAt !== null
  }

  /** Sampling paused on purpose: the no-data alerts resolve and none fires; rules hold their state. */
  pause(t = this.now()): void {
    if (this.pausedAt !== null) return
    this.pausedAt = t
    for (const name of this.system.names()) this.system.resolve(name, t)
  }

  /**
   * Sampling resumed: missing data counts from now; a pending alert starts its `for` again (the
   * condition was not seen during the pause) and a firing one's keep_firing_for does not count it.
   */
  resume(t = this.now()): void {
    const since = this.pausedAt
    if (since === null) return
    this.pausedAt = null
    this.lastSampleAt = t
    for (const w of this.watched.values()) resumeSeen(w.seen, t)
    for (const e of this.entries.values()) {
      const s = e.ev.status
      if (s.state === 'pending') {
        e.ev.reset()
        this.transition(e, 'reset', t)
      } else if (s.state === 'firing') {
        s.lastActiveAt += t - since
        this.persist(e)
      }
    }
  }

  /**
   * The engine's clock adopted a wall clock step (steady-clock.ts): sample times jumped by `step`. The
   * times measured against them (windows, a pending `for`) move with it: a `for` keeps its progress (not fired at once
   * after a step forward, nor held back after one back) and no sampler stall or no-data is seen.
   */
  clockAdopted(step: number, t = this.now()): void {
    this.lastSampleAt += step
    for (const w of this.watched.values()) resumeSeen(w.seen, t)
    for (const e of this.entries.values()) if (e.ev.shift(step)) this.persist(e)
  }

  private transition(e: Entry, tr: Transition, t: number): void {
    switch (tr) {
      case 'pending':
        this.persist(e)
        this.emitEvent(e, 'pending', t, false)
        return
      case 'reset':
        this.store.deleteState(e.ev.rule.name)
        this.emitEvent(e, 'inactive', t, false)
        return
      case 'firing': {
        const muted = this.muted(e, t)
        e.notified = muted === null
        this.persist(e)
        this.log(e, 'firing', t, muted)
        this.emitEvent(e, 'firing', t, e.notified, muted)
        return
      }
      case 'resolved':
        this.publish(e, 'resolved', t)
        this.store.deleteState(e.ev.rule.name)
        return
    }
  }

  /**
   * A webhook moved while the alert fires: the old receiver, sent the firing, is sent its resolution (as
   * for a removed rule); the new one is sent the firing now, or by tick() once no silence mutes it.
   */
  private redeliver(e: Entry, rule: MetricRule, t: number): void {
    const old = e.ev.rule
    const moved = rule.webhook?.url !== old.webhook?.url && e.notified && e.ev.status.state === 'firing'
    if (moved && old.webhook) this.o.deliver?.({ ...this.alertOf(e, 'resolved', t), notify: true }, old)
    e.ev.redeliver(rule)
    if (!moved || !rule.webhook) return
    if (this.muted(e, t) === null) return this.o.deliver?.({ ...this.alertOf(e, 'firing', t), notify: true }, rule)
    e.notified = false // its receiver has not seen the firing: tick() sends it when unmuted, else no resolution follows
    this.persist(e)
  }

  /** A resolution: delivered when its firing was. */
  private publish(e: Entry, state: 'resolved', t: number): void {
    const muted = this.muted(e, t)
    this.log(e, state, t, muted)
    this.emitEvent(e, state, t, e.notified, muted)
    e.notified = false
    e.acknowledgedAt = null
  }

  private persist(e: Entry): void {
    this.store.saveState({ rule: e.ev.rule.name, status: e.ev.status, notified: e.notified, acknowledgedAt: e.acknowledgedAt })
  }

  private log(e: Entry, state: AlertState, t: number, muted: Muted): void {
    const r = e.ev.rule
    this.store.log(t, r.name, r.severity, state, e.ev.status.value, alertMessage(e.ev), muted)
  }

  private *firingCriticals(): Generator<MuteSubject> {
    for (const e of this.entries.values()) {
      if (e.ev.status.state === 'firing' && e.ev.rule.severity === 'critical') yield { rule: e.ev.rule.name, severity: 'critical', labels: e.ev.rule.labels }
    }
  }

  private muted(e: Entry, now: number): Muted {
    const r = e.ev.rule
    const noData = this.system.has(SAMPLER_STALLED) || this.system.has(noDataRuleName(r.metric))
    return mutedOf({ rule: r.name, severity: r.severity, labels: r.labels }, { silences: this.silences.list, now, noData, firingCriticals: this.firingCriticals() })
  }

  private alertOf(e: Entry, state: AlertState, t: number, muted: Muted = this.muted(e, t)): Alert {
    return alertView(e.ev, e.acknowledgedAt, state, t, muted)
  }

  private emitEvent(e: Entry, state: AlertState | 'inactive', t: number, notify: boolean, muted?: Muted): void {
    const event: AlertEvent = { ...this.alertOf(e, state === 'inactive' ? 'inactive' : state, t, muted), notify }
    this.o.emit(event)
    if (notify && e.ev.rule.webhook && this.o.deliver) this.o.deliver(event, e.ev.rule)
  }

  /** An alert the engine raises itself (e.g. a scheduled report that failed), firing until `clearRaised`. */
  raise(name: string, severity: Severity, message: string, now = this.now()): void {
    this.system.fire(name, severity, { group: 'gapwatch' }, message, now)
  }

  clearRaised(name: string, now = this.now()): void {
    this.system.resolve(name, now)
  }

  /** Pending and firing alerts, the built-in ones first. */
  active(now = this.now()): Alert[] {
    const out: Alert[] = this.system.alerts()
    for (const e of this.entries.values()) {
      const st = e.ev.status.state
      if (st !== 'inactive') out.push(this.alertOf(e, st, now))
    }
    return out
  }

  /** Marks a firing or pending alert as seen by someone; it stays until it resolves. */
  acknowledge(rule: string, now = this.now()): boolean {
    const e = this.entries.get(rule)
    if (!e || e.ev.status.state === 'inactive') return false
    e.acknowledgedAt = now
    this.persist(e)
    return true
  }

  /** Adds a silence (silences.ts: bounded; every one is kept, stored and matched). */
  silence(s: Omit<Silence, 'id' | 'createdAt'>, now = this.now()): Silence {
    return this.silences.add(s, now)
  }

  unsilence(id: number): boolean {
    return this.silences.remove(id)
  }

  activeSilences(now = this.now()): Silence[] {
    return this.silences.active(now)
  }
}
