// Groups alert events into notifications as Electron main does (electron/main/alert-delivery.ts,
// which the renderer may not import): firing and resolved alerts the engine marks `notify`; alerts
// within GROUP_WAIT_MS of the first of their kind make one notification (Alertmanager's group_wait).
import type { AlertEvent } from '../../../../shared/alerts.ts'

/** The same wait as electron/main/alert-delivery.ts (Alertmanager's group_wait). */
export const GROUP_WAIT_MS = 30_000
const NAMES_SHOWN = 3

export interface BrowserNotice {
  kind: 'firing' | 'resolved'
  title: string
  body: string
  rules: string[]
}

/** Runs `fn` after `ms`; returns a cancel (injected so tests drive their own clock). */
export type Schedule = (ms: number, fn: () => void) => () => void
const realSchedule: Schedule = (ms, fn) => {
  const t = setTimeout(fn, ms)
  return () => clearTimeout(t)
}

export function noticeOf(kind: BrowserNotice['kind'], events: readonly AlertEvent[]): BrowserNotice {
  const rules = events.map((e) => e.rule)
  if (events.length === 1) {
    const e = events[0]
    return { kind, title: kind === 'firing' ? `${e.rule} firing (${e.severity})` : `${e.rule} resolved`, body: e.message || e.metric, rules }
  }
  const crit = kind === 'firing' ? events.filter((e) => e.severity === 'critical').length : 0
  return {
    kind,
    title: `${events.length} alerts ${kind}` + (crit > 0 ? ` (${crit} critical)` : ''),
    body: rules.slice(0, NAMES_SHOWN).join(', ') + (rules.length > NAMES_SHOWN ? ', …' : ''),
    rules,
  }
}

/** Collects deliverable events per kind; the first opens a group delivered GROUP_WAIT_MS later. */
export class NoticeGrouper {
  private readonly open = new Map<BrowserNotice['kind'], { events: AlertEvent[]; cancel: () => void }>()
  private readonly deliver: (n: BrowserNotice) => void
  private readonly schedule: Schedule

  constructor(deliver: (n: BrowserNotice) => void, schedule: Schedule = realSchedule) {
    this.deliver = deliver
    this.schedule = schedule
  }

  push(e: AlertEvent): void {
    if (!e.notify || (e.state !== 'firing' && e.state !== 'resolved')) return
    const kind = e.state
    const group = this.open.get(kind)
    if (group) {
      const at = group.events.findIndex((g) => g.rule === e.rule)
      if (at >= 0) group.events[at] = e
      else group.events.push(e)
      return
    }
    const events = [e]
    const cancel = this.schedule(GROUP_WAIT_MS, () => {
      this.open.delete(kind)
      this.deliver(noticeOf(kind, events))
    })
    this.open.set(kind, { events, cancel })
  }

  close(): void {
    for (const g of this.open.values()) g.cancel()
    this.open.clear()
  }
}

