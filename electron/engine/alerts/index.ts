// The alerts part of the engine, as the Engine uses it: rules from rules.yaml, the live evaluator,
// webhooks, the time-driven checks, and the contract's alert commands. Delivery to the tray,
// notifications and the dashboard is the hosts' (they listen to the engine's `alert` event).
import { isMetricRule, type AlertEvent, type AlertLogParams, type BacktestResult, type Rule, type Silence, type Alert, type AlertLogEntry } from '../../../shared/alerts.ts'
import type { Db } from '../store/database.ts'
import type { MetricStore } from '../store/metric-store.ts'
import { AlertStore } from './alert-store.ts'
import { AlertEngine } from './alert-engine.ts'
import { RulesRepo } from './rules-repo.ts'
import { WebhookSender } from './webhook.ts'
import { AlertmanagerSender } from './alertmanager.ts'
import { sendTestAlert } from './alertmanager-test.ts'
import type { DeliveryRecord } from './alert-store.ts'
import type { AlertmanagerTarget } from '../../../shared/settings.ts'
import { backtestStore } from './backtest.ts'
import type { CandleSource } from './fvg-alerts.ts'
import { groupOf, noGroupWords, unconfigurableGroupProblem } from './no-data.ts'

export { AlertEngine } from './alert-engine.ts'
export { AlertStore } from './alert-store.ts'
export { RulesRepo } from './rules-repo.ts'
export { backtestSeries, backtestStore } from './backtest.ts'
export { parseRules, readRulesFile, formatRuleError, writeRulesFile } from './rules-file.ts'
export { defaultRules } from './defaults.ts'

export interface AlertServiceOptions {
  db: Db
  dataDir: string
  /** The app's version: rules kept by another one are not taken for the file's (RulesRepo). */
  version?: string
  metrics: MetricStore
  emit: (e: AlertEvent) => void
  warn: (message: string) => void
  intervalMs: () => number
  now?: () => number
  /** Run the time-driven checks on a timer (the engine does; tests drive `engine.tick`). Default true. */
  timer?: boolean
  /** Candle series for FVG rules with an ATR size. */
  candles?: CandleSource
  /** The configured process groups (settings). */
  processGroups?: () => ReadonlyArray<{ name: string }>
}

export class AlertService {
  readonly store: AlertStore
  readonly repo: RulesRepo
  readonly engine: AlertEngine
  private readonly webhooks: WebhookSender
  private readonly alertmanager: AlertmanagerSender
  private readonly o: AlertServiceOptions
  private timer: NodeJS.Timeout | null = null
  /** Every rule of rules.yaml, disabled ones included (the engine evaluates only the enabled). */
  private all: Rule[]

  constructor(o: AlertServiceOptions) {
    this.o = o
    this.store = new AlertStore(o.db, o.warn)
    this.repo = new RulesRepo(o.dataDir, this.store, o.warn, o.version)
    this.webhooks = new WebhookSender({
      log: (d) => this.store.logDelivery(d),
      now: o.now,
      onDropped: o.warn,
      owed: (owed) => this.store.saveOwedDeliveries(owed),
    })
    this.alertmanager = new AlertmanagerSender({ log: (d) => this.store.logDelivery(d), now: o.now })
    this.all = this.repo.load()
    this.engine = new AlertEngine({
      store: this.store,
      rules: this.all,
      emit: (e) => {
        o.emit(e)
        this.alertmanager.onEvent(e)
      },
      deliver: (e, rule) => this.webhooks.send(e, rule),
      now: o.now,
      intervalMs: o.intervalMs,
      candles: o.candles,
      processGroups: o.processGroups,
    })
    this.prime()
    // What the last run's stop or crash cut is sent again (its alerts were saved as notified).
    this.webhooks.resend(this.store.owedDeliveries(), this.all)
    if (o.timer ?? true) this.schedule()
  }

  /** Warms the windows from the store (best effort: a failed read only means a cold start). */
  private prime(): void {
    try {
      this.engine.prime((metric, from, to) => {
        const step = this.o.intervalMs()
        const points = Math.max(1, Math.ceil((to - from) / step))
        const q = this.o.metrics.query({ metrics: [metric], from, to, points }, this.o.now?.())
        const buckets = q.series[0]?.buckets ?? []
        return { ts: buckets.map((b) => b[0]), vs: buckets.map((b) => b[3]) }
      })
    } catch (err) {
      this.o.warn(`Could not warm the alert windows from history (${(err as Error).message}); they start empty.`)
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      try {
        this.engine.tick()
      } catch (err) {
        this.o.warn(`Alert checks failed: ${(err as Error).message}`)
      }
      this.schedule()
    }, this.o.intervalMs())
    this.timer.unref()
  }

  onSample(t: number, values: ReadonlyArray<readonly [string, number]>): void {
    this.engine.onSample(t, values)
  }

  rules(): Rule[] {
    return [...this.all]
  }

  /** A hand edit of rules.yaml since the last read or write becomes the live rules (see RulesRepo). */
  private syncFromFile(): void {
    const edited = this.repo.changedOnDisk()
    if (edited !== null) this.adopt(edited)
  }

  /** Makes a hand-edited file's rules the live ones. */
  private adopt(rules: Rule[]): void {
    this.all = rules
    this.engine.setRules(rules)
    this.prime()
  }

  /** Once a sample interval (Engine): a settled hand edit of rules.yaml becomes the live rules without a restart. */
  checkRulesFile(now = Date.now()): void {
    try {
      const edited = this.repo.editedRules(now)
      if (edited !== null) this.adopt(edited)
    } catch (err) {
      this.o.warn(`Could not read ${this.repo.file} again: ${(err as Error).message}`)
    }
  }

  /** Adds or replaces a rule (by name, keeping its place) and saves rules.yaml, on top of any hand edit. */
  saveRule(rule: Rule): Rule[] {
    this.syncFromFile()
    const refused = unconfigurableGroupProblem(rule, this.all)
    if (refused !== null) throw new Error(refused)
    const at = this.all.findIndex((r) => r.name === rule.name)
    const next = at < 0 ? [...this.all, rule] : this.all.map((r, i) => (i === at ? rule : r))
    this.repo.save(next)
    this.all = next
    this.engine.setRules(next)
    this.prime()
    this.warnGroupless([rule])
    return this.rules()
  }

  /**
   * Warns of each enabled rule that reads a group.NAME.* metric of a process group not configured (a rule
   * saved, or Settings changed); with `only`, of the rules on those groups alone (the ones just removed).
   */
  warnGroupless(rules: readonly Rule[] = this.all, only?: ReadonlySet<string>): void {
    const groups = this.o.processGroups?.()
    if (groups === undefined) return
    for (const r of rules) {
      if (!r.enabled || !isMetricRule(r)) continue
      const g = groupOf(r.metric)
      if (g !== null && (only === undefined || only.has(g)) && !groups.some((x) => x.name === g)) this.o.warn(`Rule ${r.name} reads ${r.metric}, but ${noGroupWords(g)}.`)
    }
  }

  deleteRule(name: string): boolean {
    this.syncFromFile()
    const next = this.all.filter((r) => r.name !== name)
    if (next.length === this.all.length) return false
    this.repo.save(next)
    this.all = next
    this.engine.setRules(next)
    return true
  }

  backtest(rule: Rule, from: number, to: number): BacktestResult {
    this.o.metrics.flush()
    return backtestStore(this.o.metrics, rule, { from, to, sampleIntervalMs: this.o.intervalMs(), now: this.o.now?.() })
  }

  active(): Alert[] {
    return this.engine.active()
  }

  log(p: AlertLogParams): AlertLogEntry[] {
    return this.store.logEntries(p)
  }

  acknowledge(rule: string): boolean {
    return this.engine.acknowledge(rule)
  }

  silence(s: Omit<Silence, 'id' | 'createdAt'>): Silence {
    return this.engine.silence(s)
  }

  /** Where firing alerts are also delivered (settings.alertmanager); null: no Alertmanager. */
  setAlertmanager(target: AlertmanagerTarget | null): void {
    // alerts already firing (e.g. restored after a restart) are sent too, as Prometheus re-sends its own
    for (const a of this.engine.active()) if (a.state === 'firing' && a.muted === null) this.alertmanager.onEvent({ ...a, notify: true })
    this.alertmanager.setTarget(target)
  }

  /** Settings → Alertmanager's "Send test alert" to the saved target; logged as a delivery. */
  testAlertmanager(target: AlertmanagerTarget | null): Promise<DeliveryRecord> {
    return sendTestAlert(target, { log: (d) => this.store.logDelivery(d), now: this.o.now })
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.engine.stop()
    await this.webhooks.close()
    await this.alertmanager.close()
  }
}
