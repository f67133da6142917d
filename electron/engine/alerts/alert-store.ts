// Alert persistence in SQLite (tables of migration 5): live states, the log, silences, webhook
// deliveries and the last good rules. Writes happen on transitions only, never per sample.
import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database.ts'
import { OwedDeliverySchema, type AlertLogEntry, type AlertLogParams, type Delivery, type Muted, type OwedDelivery, type Severity, type Silence, type AlertState } from '../../../shared/alerts.ts'
import type { LiveState, RuleStatus } from './evaluator.ts'
import { describeWriteError } from '../store/write-health.ts'

/** The alert log is kept this long (the issue asks for at least 30 days). */
export const ALERT_LOG_DAYS = 35
/** Webhook deliveries are kept this long. */
export const DELIVERY_LOG_DAYS = 7
/**
 * Alert writes kept in memory while gapwatch.db is locked or full (then retried in order at each
 * flush): transitions are rare, so this is hours of a busy rule set; past it the oldest go.
 */
export const MAX_ALERT_WRITES_WAITING = 10_000

/** Errors that pass (another program's lock, a full or failing disk): the write is kept and retried. */
const TRANSIENT = /^SQLITE_(BUSY|LOCKED|FULL|IOERR)/

export interface StoredState {
  rule: string
  status: Pick<RuleStatus, 'state' | 'activeAt' | 'firedAt' | 'lastActiveAt' | 'value' | 'peak'>
  notified: boolean
  acknowledgedAt: number | null
}

export type DeliveryRecord = Delivery

/** alert_meta's key for the webhook deliveries still owed (sent again at the next start). */
const OWED_KEY = 'webhook-owed'

const SQL = {
  saveState: `INSERT OR REPLACE INTO alert_state (rule, state, active_at, fired_at, last_active_at, value, peak, notified, acknowledged_at)
    VALUES (@rule, @state, @activeAt, @firedAt, @lastActiveAt, @value, @peak, @notified, @acknowledgedAt)`,
  deleteState: `DELETE FROM alert_state WHERE rule = ?`,
  states: `SELECT rule, state, active_at, fired_at, last_active_at, value, peak, notified, acknowledged_at FROM alert_state`,
  log: `INSERT INTO alert_log (t, rule, severity, state, value, message, muted) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  purgeLog: `DELETE FROM alert_log WHERE t < ?`,
  addSilence: `INSERT INTO alert_silence (rule, labels, until, comment, created_at) VALUES (?, ?, ?, ?, ?)`,
  silences: `SELECT id, rule, labels, until, comment, created_at FROM alert_silence WHERE until > ? ORDER BY id`,
  purgeSilences: `DELETE FROM alert_silence WHERE until <= ?`,
  deleteSilence: `DELETE FROM alert_silence WHERE id = ?`,
  delivery: `INSERT INTO alert_delivery (t, rule, url, status, attempts, http_status, error) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  deliveries: `SELECT t, rule, url, status, attempts, http_status, error FROM alert_delivery ORDER BY id DESC LIMIT ?`,
  purgeDeliveries: `DELETE FROM alert_delivery WHERE t < ?`,
  getMeta: `SELECT value FROM alert_meta WHERE key = ?`,
  setMeta: `INSERT OR REPLACE INTO alert_meta (key, value) VALUES (?, ?)`,
} as const

type StateRow = {
  rule: string
  state: string
  active_at: number
  fired_at: number | null
  last_active_at: number
  value: number | null
  peak: number | null
  notified: number
  acknowledged_at: number | null
}

export class AlertStore {
  private readonly db: Db
  private readonly st: { [K in keyof typeof SQL]: Statement }
  /** Writes failing (a full disk) are reported here and never thrown into evaluation. */
  private readonly onError: (message: string) => void
  private failing = false

  constructor(db: Db, onError: (message: string) => void = () => {}) {
    this.db = db
    this.onError = onError
    this.st = Object.fromEntries(Object.entries(SQL).map(([k, q]) => [k, db.prepare(q)])) as { [K in keyof typeof SQL]: Statement }
  }

  /** Writes that failed for a passing reason, oldest first: retried in order (`retryPending`). */
  private readonly waiting: Array<{ what: string; run: () => void }> = []
  private lost = 0

  /** Alert writes waiting for the database (a lock, a full disk). */
  get unsaved(): number {
    return this.waiting.length
  }

  /**
   * Runs `run` after any writes still waiting, in order. Under another program's lock (the engine
   * waits only ENGINE_DB_BUSY_TIMEOUT_MS) or a full disk it is kept and retried; any other failure
   * is reported and the row dropped. Never throws into evaluation.
   */
  private write(what: string, run: () => void): void {
    if (this.waiting.length >= MAX_ALERT_WRITES_WAITING) {
      this.waiting.shift()
      if (this.lost++ === 0) this.onError(`Over ${MAX_ALERT_WRITES_WAITING} alert writes waited for the database: the oldest are dropped.`)
    }
    this.waiting.push({ what, run })
    this.retryPending()
  }

  /** Writes what waits, in order, until one fails again; returns how many still wait. */
  retryPending(): number {
    while (this.waiting.length > 0) {
      const w = this.waiting[0]
      try {
        w.run()
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code
        const transient = typeof code === 'string' && TRANSIENT.test(code)
        if (!this.failing) this.onError(`Could not save ${w.what} (${describeWriteError(err)})${transient ? '; keeping it in memory and retrying.' : '.'}`)
        this.failing = true
        if (transient) return this.waiting.length
      }
      this.waiting.shift()
    }
    this.failing = false
    this.lost = 0
    return 0
  }

  saveState(s: StoredState): void {
    // The values as of now: the evaluator goes on changing its status object while the row waits.
    const row = { rule: s.rule, ...s.status, notified: s.notified ? 1 : 0, acknowledgedAt: s.acknowledgedAt }
    this.write('an alert state', () => this.st.saveState.run(row))
  }

  deleteState(rule: string): void {
    this.write('an alert state', () => this.st.deleteState.run(rule))
  }

  states(): StoredState[] {
    return (this.st.states.all() as StateRow[])
      .filter((r) => r.state === 'pending' || r.state === 'firing')
      .map((r) => ({
        rule: r.rule,
        status: {
          state: r.state as LiveState,
          activeAt: r.active_at,
          firedAt: r.fired_at,
          lastActiveAt: r.last_active_at,
          value: r.value,
          peak: r.peak,
        },
        notified: r.notified === 1,
        acknowledgedAt: r.acknowledged_at,
      }))
  }

  log(t: number, rule: string, severity: Severity, state: AlertState, value: number | null, message: string, muted: Muted): void {
    this.write('the alert log', () => this.st.log.run(t, rule, severity, state, value, message, muted))
  }

  /** The log, newest first, filtered by rule, severity and time. */
  logEntries(p: AlertLogParams): AlertLogEntry[] {
    const where: string[] = []
    const args: Array<string | number> = []
    if (p.rule !== undefined) {
      where.push('rule = ?')
      args.push(p.rule)
    }
    if (p.severity !== undefined) {
      where.push('severity = ?')
      args.push(p.severity)
    }
    if (p.from !== undefined) {
      where.push('t >= ?')
      args.push(p.from)
    }
    if (p.to !== undefined) {
      where.push('t < ?')
      args.push(p.to)
    }
    const sql = `SELECT id, t, rule, severity, state, value, message, muted FROM alert_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t DESC, id DESC LIMIT ?`
    return this.db.prepare(sql).all(...args, p.limit) as AlertLogEntry[]
  }

  addSilence(s: Omit<Silence, 'id'>): number {
    return Number(this.st.addSilence.run(s.rule, JSON.stringify(s.labels), s.until, s.comment, s.createdAt).lastInsertRowid)
  }

  deleteSilence(id: number): boolean {
    return this.st.deleteSilence.run(id).changes > 0
  }

  silences(now: number): Silence[] {
    return (this.st.silences.all(now) as Array<{ id: number; rule: string | null; labels: string; until: number; comment: string; created_at: number }>).map(
      (r) => ({ id: r.id, rule: r.rule, labels: JSON.parse(r.labels) as Record<string, string>, until: r.until, comment: r.comment, createdAt: r.created_at }),
    )
  }

  logDelivery(d: DeliveryRecord): void {
    const row = [d.t, d.rule, d.url, d.status, d.attempts, d.httpStatus, d.error] as const
    this.write('the webhook delivery log', () => this.st.delivery.run(...row))
  }

  deliveries(limit = 100): DeliveryRecord[] {
    return (this.st.deliveries.all(limit) as Array<{ t: number; rule: string; url: string; status: DeliveryRecord['status']; attempts: number; http_status: number | null; error: string | null }>).map(
      (r) => ({ t: r.t, rule: r.rule, url: r.url, status: r.status, attempts: r.attempts, httpStatus: r.http_status, error: r.error }),
    )
  }

  /** Drops log rows, silences and deliveries past their keep. */
  purge(now: number): void {
    this.write('the alert log clean-up', () => {
      this.st.purgeLog.run(now - ALERT_LOG_DAYS * 86_400_000)
      this.st.purgeSilences.run(now)
      this.st.purgeDeliveries.run(now - DELIVERY_LOG_DAYS * 86_400_000)
    })
  }

  /** The webhook deliveries the last run still owed (webhook.ts), checked: a damaged row is said and dropped. */
  owedDeliveries(): OwedDelivery[] {
    const raw = this.getMeta(OWED_KEY)
    if (raw === null) return []
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      parsed = null
    }
    const r = OwedDeliverySchema.array().safeParse(parsed)
    if (r.success) return r.data
    this.onError('The webhook deliveries owed from the last run could not be read (a damaged row in gapwatch.db); they are not sent again.')
    return []
  }

  saveOwedDeliveries(owed: readonly OwedDelivery[]): void {
    const value = JSON.stringify(owed)
    this.write('the webhook deliveries owed', () => this.st.setMeta.run(OWED_KEY, value))
  }

  getMeta(key: string): string | null {
    return ((this.st.getMeta.get(key) as { value: string } | undefined) ?? { value: null }).value
  }

  setMeta(key: string, value: string): void {
    this.write('the alert settings', () => this.st.setMeta.run(key, value))
  }
}
