// Alertmanager delivery: POST /api/v2/alerts with the alerts Gapwatch has firing, as Prometheus does —
// each firing alert re-sent every `resendSeconds` with endsAt a few resends ahead (so Alertmanager
// resolves it by itself if this engine dies), and a resolved one sent once more with endsAt set to
// when it resolved. Sending never blocks evaluation: events only update the set, one POST at a time
// carries the whole set, and a failed POST is retried on the next resend.
import os from 'node:os'
import type { AlertEvent } from '../../../shared/alerts.ts'
import type { AlertmanagerTarget } from '../../../shared/settings.ts'
import type { DeliveryRecord } from './alert-store.ts'

/** One alert as Alertmanager's v2 API takes it (postableAlert). */
export interface PostableAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string
  generatorURL?: string
}

/** Prometheus sends endsAt = now + 4 × the resend interval: a lost engine's alerts resolve by themselves. */
export const ENDS_AT_RESENDS = 4
const TIMEOUT_MS = 10_000

export interface AlertmanagerSenderOptions {
  log: (d: DeliveryRecord) => void
  /** The `instance` label: this machine. Default os.hostname(). */
  instance?: string
  now?: () => number
}

interface Tracked {
  alert: PostableAlert
  /** A resolved alert stays until one POST carrying its endsAt succeeds. */
  resolved: boolean
  /** Not yet delivered since it changed (logged once delivered). */
  fresh: boolean
}

export function postableAlert(e: AlertEvent, instance: string, endsAt: number): PostableAlert {
  const annotations: Record<string, string> = { summary: e.message }
  if (e.value !== null) annotations.value = String(e.value)
  return {
    labels: { ...e.labels, alertname: e.rule, severity: e.severity, instance, metric: e.metric },
    annotations,
    startsAt: new Date(e.firedAt ?? e.activeAt).toISOString(),
    endsAt: new Date(e.resolvedAt ?? endsAt).toISOString(),
  }
}

/** Where and with which headers (auth included) alerts are POSTed to the target. */
export function alertmanagerRequest(target: AlertmanagerTarget): { url: string; headers: Record<string, string> } {
  const url = new URL('api/v2/alerts', target.url.endsWith('/') ? target.url : `${target.url}/`).toString()
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (target.auth?.type === 'basic') headers.authorization = `Basic ${Buffer.from(`${target.auth.username}:${target.auth.password}`).toString('base64')}`
  if (target.auth?.type === 'bearer') headers.authorization = `Bearer ${target.auth.token}`
  return { url, headers }
}

/**
 * A delivery failure's words without the target's secrets: fetch refuses a header value holding a
 * line break or NUL with a message quoting it, and a delivery's error goes to every client.
 */
export function withoutSecrets(message: string, target: AlertmanagerTarget): string {
  const auth = target.auth
  const secrets = auth?.type === 'bearer' ? [auth.token] : auth?.type === 'basic' && auth.password ? [auth.password] : []
  let said = message
  for (const secret of secrets) said = said.split(secret).join('[secret]')
  // a secret with a line break is also quoted piecewise: no line of it stays
  for (const part of secrets.flatMap((x) => x.split(/[\r\n\0]+/)).filter((x) => x.length >= 4)) said = said.split(part).join('[secret]')
  return said
}

export class AlertmanagerSender {
  private readonly o: AlertmanagerSenderOptions
  private target: AlertmanagerTarget | null = null
  private readonly alerts = new Map<string, Tracked>()
  private timer: NodeJS.Timeout | null = null
  private sending: Promise<void> | null = null
  private again = false
  private abort: AbortController | null = null
  private closed = false

  constructor(o: AlertmanagerSenderOptions) {
    this.o = o
  }

  private now(): number {
    return (this.o.now ?? Date.now)()
  }

  /** Sets (or with null, removes) the Alertmanager; the firing alerts are sent to the new one at once. */
  setTarget(target: AlertmanagerTarget | null): void {
    const same = JSON.stringify(target) === JSON.stringify(this.target)
    this.target = target
    if (same) return
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    if (target === null || this.closed) return
    this.timer = setInterval(() => this.flush(), target.resendSeconds * 1000)
    this.timer.unref()
    for (const t of this.alerts.values()) t.fresh = true
    this.flush()
  }

  /** An alert event from the evaluator: firing ones join the set, resolved ones are sent with endsAt. */
  onEvent(e: AlertEvent): void {
    if (this.closed) return
    if (e.state === 'firing' && e.notify) {
      this.alerts.set(e.rule, { alert: postableAlert(e, this.instance(), this.endsAt()), resolved: false, fresh: true })
    } else if (e.state === 'resolved' && this.alerts.has(e.rule)) {
      this.alerts.set(e.rule, { alert: postableAlert(e, this.instance(), this.endsAt()), resolved: true, fresh: true })
    } else return
    this.flush()
  }

  private instance(): string {
    return this.o.instance ?? os.hostname()
  }

  private endsAt(): number {
    return this.now() + ENDS_AT_RESENDS * (this.target?.resendSeconds ?? 60) * 1000
  }

  /** Sends the set now (after the POST under way, if any). */
  flush(): void {
    if (this.target === null || this.closed || this.alerts.size === 0) return
    if (this.sending) {
      this.again = true
      return
    }
    this.sending = this.post(this.target).finally(() => {
      this.sending = null
      if (this.again) {
        this.again = false
        this.flush()
      }
    })
  }

  private async post(target: AlertmanagerTarget): Promise<void> {
    const batch = [...this.alerts.entries()]
    const endsAt = new Date(this.endsAt()).toISOString()
    const body = batch.map(([, t]) => (t.resolved ? t.alert : { ...t.alert, endsAt }))
    const { url, headers } = alertmanagerRequest(target)
    this.abort = new AbortController()
    const timer = setTimeout(() => this.abort?.abort(new Error(`no answer within ${TIMEOUT_MS / 1000}s`)), TIMEOUT_MS)
    let httpStatus: number | null = null
    let error: string | null = null
    try {
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: this.abort.signal, redirect: 'error' })
      httpStatus = res.status
      // The answer's body is not needed: cancelled, not read (a hostile peer streamed gigabytes into memory until the timeout).
      await res.body?.cancel().catch(() => undefined)
      if (!res.ok) error = `HTTP ${res.status}`
    } catch (err) {
      const e = err as Error & { cause?: Error }
      error = this.abort.signal.aborted ? String((this.abort.signal.reason as Error).message) : withoutSecrets(e.cause?.message ?? e.message, target)
    } finally {
      clearTimeout(timer)
      this.abort = null
    }
    const t = this.now()
    for (const [rule, tracked] of batch) {
      // the log records each change once delivered, and every failure (a resend's success is not news)
      if (error !== null || tracked.fresh) this.o.log({ t, rule, url, status: error === null ? 'delivered' : 'failed', attempts: 1, httpStatus, error })
      if (error !== null || this.alerts.get(rule) !== tracked) continue
      tracked.fresh = false
      if (tracked.resolved) this.alerts.delete(rule)
    }
  }

  /** Waits for the POST under way (tests, a clean stop). */
  async idle(): Promise<void> {
    while (this.sending) await this.sending
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.abort?.abort(new Error('stopping'))
    await this.idle()
  }
}
