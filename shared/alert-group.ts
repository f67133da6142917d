// Alert notifications grouped like Alertmanager's group_wait, for every host that shows them: the
// desktop app's main process (electron/main/notifications.ts) and the browser dashboard
// (renderer/src/views/alerts/browser-notify.ts). Pure: the clock is injected.
import type { AlertEvent } from './alerts.ts'

/** Runs `fn` after `ms`; returns a cancel. Injected so tests drive a clock of their own. */
export type Schedule = (ms: number, fn: () => void) => () => void

export const realSchedule: Schedule = (ms, fn) => {
  const t = setTimeout(fn, ms)
  // In Node a waiting notification does not keep the process alive (browsers have no unref).
  ;(t as unknown as { unref?: () => void }).unref?.()
  return () => clearTimeout(t)
}

/** Alerts within this many ms of the first of a group make one notification (Alertmanager's group_wait). */
export const GROUP_WAIT_MS = 30_000
/** Names listed in a grouped notification before "…". */
const NAMES_SHOWN = 3

export interface AlertNotice {
  kind: 'firing' | 'resolved'
  title: string
  body: string
  rules: string[]
}

/**
 * Collects deliverable `alert` events (`notify` true, state firing or resolved) into groups: the
 * first of a kind opens a group, which is delivered GROUP_WAIT_MS later with every alert of that
 * kind that arrived meanwhile. Pending and muted events are never delivered.
 */
export class AlertGrouper {
  private readonly deliver: (n: AlertNotice) => void
  private readonly schedule: Schedule
  private readonly waitMs: number
  private readonly open = new Map<AlertNotice['kind'], { events: AlertEvent[]; cancel: () => void }>()

  constructor(deliver: (n: AlertNotice) => void, o: { schedule?: Schedule; waitMs?: number } = {}) {
    this.deliver = deliver
    this.schedule = o.schedule ?? realSchedule
    this.waitMs = o.waitMs ?? GROUP_WAIT_MS
  }

  push(e: AlertEvent): void {
    if (!e.notify || (e.state !== 'firing' && e.state !== 'resolved')) return
    const kind = e.state
    const group = this.open.get(kind)
    if (group) {
      // The same rule twice in one window (e.g. fired, resolved, fired again) is listed once, latest kept.
      const at = group.events.findIndex((g) => g.rule === e.rule)
      if (at >= 0) group.events[at] = e
      else group.events.push(e)
      return
    }
    const events = [e]
    const cancel = this.schedule(this.waitMs, () => {
      this.open.delete(kind)
      this.deliver(noticeOf(kind, events))
    })
    this.open.set(kind, { events, cancel })
  }

  /** Drops the groups not yet delivered (on quit, or when the page stops notifying). */
  close(): void {
    for (const g of this.open.values()) g.cancel()
    this.open.clear()
  }
}

export function noticeOf(kind: AlertNotice['kind'], events: readonly AlertEvent[]): AlertNotice {
  const rules = events.map((e) => e.rule)
  if (events.length === 1) {
    const e = events[0]
    const title = kind === 'firing' ? `${e.rule} firing (${e.severity})` : `${e.rule} resolved`
    return { kind, title, body: e.message || `${e.metric} = ${formatValue(e.value)}`, rules }
  }
  const names = rules.slice(0, NAMES_SHOWN).join(', ') + (rules.length > NAMES_SHOWN ? ', …' : '')
  const crit = kind === 'firing' ? events.filter((e) => e.severity === 'critical').length : 0
  const title = `${events.length} alerts ${kind}` + (crit > 0 ? ` (${crit} critical)` : '')
  return { kind, title, body: names, rules }
}

/** An alert's value in a notification or the tray: 3 significant digits, whole from 100 up, "—" for none. */
export function formatValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—'
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString()
}
