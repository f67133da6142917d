// The alerts the engine raises itself, without a rule: the sampler stalled, a metric's data missing
// (no-data.ts), a scheduled report that failed. Each fires once until resolved, is logged and
// emitted like a rule's alert, and is muted only by a silence that matches its name and labels.
import type { Alert, AlertEvent, Severity, Silence } from '../../../shared/alerts.ts'
import type { AlertStore } from './alert-store.ts'
import { silenceMatches } from './muting.ts'

export interface SystemAlertsOptions {
  store: AlertStore
  emit: (e: AlertEvent) => void
  /** The silences in force (the alert engine's list, which it replaces as they change). */
  silences: () => readonly Silence[]
}

export class SystemAlerts {
  private readonly o: SystemAlertsOptions
  /** The firing ones, by name. */
  private readonly firing = new Map<string, Alert & { notified: boolean }>()

  constructor(o: SystemAlertsOptions) {
    this.o = o
  }

  /** How many are firing (checked on every sample: none is the usual case). */
  get size(): number {
    return this.firing.size
  }

  has(name: string): boolean {
    return this.firing.has(name)
  }

  names(): string[] {
    return [...this.firing.keys()]
  }

  /** The firing alerts as the contract lists them. */
  alerts(): Alert[] {
    return [...this.firing.values()].map(({ notified: _n, ...a }) => a)
  }

  fire(name: string, severity: Severity, labels: Record<string, string>, message: string, t: number): void {
    if (this.firing.has(name)) return
    const silenced = this.o.silences().some((s) => silenceMatches(s, { rule: name, severity, labels }, t))
    const a = {
      rule: name,
      metric: labels.metric ?? '',
      severity,
      labels,
      state: 'firing' as const,
      activeAt: t,
      firedAt: t,
      resolvedAt: null,
      value: null,
      message,
      muted: silenced ? ('silenced' as const) : null,
      acknowledgedAt: null,
      notified: !silenced,
    }
    this.firing.set(name, a)
    this.o.store.log(t, name, severity, 'firing', null, message, a.muted)
    const { notified, ...alert } = a
    this.o.emit({ ...alert, notify: notified })
  }

  resolve(name: string, t: number): void {
    const a = this.firing.get(name)
    if (!a) return
    this.firing.delete(name)
    this.o.store.log(t, name, a.severity, 'resolved', null, a.message, a.muted)
    const { notified, ...alert } = a
    this.o.emit({ ...alert, state: 'resolved', resolvedAt: t, notify: notified })
  }
}
