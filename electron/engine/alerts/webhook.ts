// Webhook delivery: one POST per delivered alert event, in Alertmanager's webhook format (version 4),
// with a timeout, retries with exponential backoff, and a delivery log. Sending is fire-and-forget
// from the evaluator's point of view: `send` only queues, so a hanging receiver never delays
// evaluation; at most `maxInFlight` requests run at once and the queue is bounded.
// What is still owed (queued, or retrying) is handed to `owed` so the store keeps it: a stop does not
// lose a delivery, the next start sends it again (`resend`). It is handed over at most once per
// `owedFlushMs` (and at close), never per send: an alert storm to a down receiver wrote the whole list
// at every send and every end, O(n²) bytes on the engine thread. A crash loses at most that interval.
import type { AlertEvent, OwedDelivery as Owed, Rule } from '../../../shared/alerts.ts'
import { formatPromDuration, parsePromDuration } from '../../../shared/durations.ts'
import type { DeliveryRecord } from './alert-store.ts'

export interface AlertmanagerAlert {
  status: 'firing' | 'resolved'
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string
  generatorURL: string
  fingerprint: string
}

export interface AlertmanagerPayload {
  version: '4'
  groupKey: string
  truncatedAlerts: number
  status: 'firing' | 'resolved'
  receiver: string
  groupLabels: Record<string, string>
  commonLabels: Record<string, string>
  commonAnnotations: Record<string, string>
  externalURL: string
  alerts: AlertmanagerAlert[]
}

const ZERO_TIME = '0001-01-01T00:00:00Z'

function fingerprint(labels: Record<string, string>): string {
  // FNV-1a 64 over the sorted labels, as hex (Alertmanager's is a label hash too).
  let h = 0xcbf29ce484222325n
  for (const k of Object.keys(labels).sort()) {
    for (const ch of `${k}\u0000${labels[k]}\u0000`) {
      h ^= BigInt(ch.codePointAt(0)!)
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn
    }
  }
  return h.toString(16).padStart(16, '0')
}

export function alertmanagerPayload(e: AlertEvent, externalURL = 'gapwatch://alerts'): AlertmanagerPayload {
  const status = e.state === 'resolved' ? 'resolved' : 'firing'
  const labels = { ...e.labels, alertname: e.rule, severity: e.severity, metric: e.metric }
  const annotations: Record<string, string> = { summary: e.message }
  if (e.value !== null) annotations.value = String(e.value)
  return {
    version: '4',
    groupKey: `{}:{alertname="${e.rule}"}`,
    truncatedAlerts: 0,
    status,
    receiver: 'gapwatch',
    groupLabels: { alertname: e.rule },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL,
    alerts: [
      {
        status,
        labels,
        annotations,
        startsAt: new Date(e.firedAt ?? e.activeAt).toISOString(),
        endsAt: e.resolvedAt !== null ? new Date(e.resolvedAt).toISOString() : ZERO_TIME,
        generatorURL: externalURL,
        fingerprint: fingerprint(labels),
      },
    ],
  }
}

export interface WebhookSenderOptions {
  log: (d: DeliveryRecord) => void
  /** First retry delay; doubles each attempt. Default 1 s. */
  backoffMs?: number
  maxInFlight?: number
  maxQueued?: number
  now?: () => number
  onDropped?: (message: string) => void
  /** The deliveries still owed, after a change (at most once per `owedFlushMs`, and at close; for the store: sent again after a restart). */
  owed?: (owed: Owed[]) => void
  /** Changes to the owed set are handed to `owed` at most this often. Default 1 s. */
  owedFlushMs?: number
}

interface Job {
  event: AlertEvent
  url: string
  timeoutMs: number
  retries: number
}

export class WebhookSender {
  private readonly o: WebhookSenderOptions
  private readonly queue: Job[] = []
  private inFlight = 0
  private closed = false
  private readonly running = new Set<Promise<void>>()
  private readonly aborts = new Set<AbortController>()
  /** Backoff waits under way, so close() can end them. */
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>()
  /** Queued and under way (retrying included), in the order they were sent. */
  private readonly owed = new Set<Job>()
  /** Set while a change to `owed` waits for its write. */
  private owedTimer: NodeJS.Timeout | null = null

  constructor(o: WebhookSenderOptions) {
    this.o = o
  }

  /** Queues the event for the rule's webhook; returns at once. */
  send(event: AlertEvent, rule: Rule): void {
    if (this.closed || !rule.webhook) return
    if (this.queue.length >= (this.o.maxQueued ?? 1000)) {
      this.o.onDropped?.(`Webhook queue full: dropped the ${event.state} event of ${event.rule}.`)
      return
    }
    const w = rule.webhook
    const job: Job = { event, url: w.url, timeoutMs: parsePromDuration(w.timeout) ?? 5000, retries: w.retries }
    this.queue.push(job)
    this.owed.add(job)
    this.saveOwed()
    this.pump()
  }

  /**
   * At start: sends again what the last run still owed (its stop or crash cut it), to the rules that
   * still have that webhook; a rule since deleted, or whose webhook moved, is not sent to.
   */
  resend(owed: readonly Owed[], rules: readonly Rule[]): void {
    const byName = new Map(rules.map((r) => [r.name, r]))
    for (const o of owed) {
      const rule = byName.get(o.event.rule)
      if (rule?.webhook?.url === o.url) this.send(o.event, rule)
    }
    if (owed.length > 0) this.saveOwed() // those no longer sent to are not owed
  }

  /** Schedules one write of the owed set (changes until then share it); nothing is written while it is unchanged. */
  private saveOwed(): void {
    if (!this.o.owed || this.owedTimer !== null) return
    this.owedTimer = setTimeout(() => this.flushOwed(), this.o.owedFlushMs ?? 1000)
    this.owedTimer.unref()
  }

  private flushOwed(): void {
    if (this.owedTimer === null) return
    clearTimeout(this.owedTimer)
    this.owedTimer = null
    this.o.owed?.([...this.owed].map((j) => ({ event: j.event, url: j.url })))
  }

  private pump(): void {
    while (!this.closed && this.inFlight < (this.o.maxInFlight ?? 4) && this.queue.length > 0) {
      const job = this.queue.shift()!
      this.inFlight++
      const p: Promise<void> = this.deliver(job).finally(() => {
        this.inFlight--
        this.running.delete(p)
        this.pump()
      })
      this.running.add(p)
    }
  }

  private async deliver(job: Job): Promise<void> {
    const body = JSON.stringify(alertmanagerPayload(job.event))
    const now = this.o.now ?? Date.now
    let attempts = 0
    let lastError: string | null = null
    let httpStatus: number | null = null
    while (!this.closed && attempts <= job.retries) {
      if (attempts > 0) await this.sleep((this.o.backoffMs ?? 1000) * 2 ** (attempts - 1))
      if (this.closed) break
      attempts++
      const abort = new AbortController()
      this.aborts.add(abort)
      const timer = setTimeout(() => abort.abort(new Error(`no answer within ${formatPromDuration(job.timeoutMs)}`)), job.timeoutMs)
      try {
        const res = await fetch(job.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: abort.signal,
          redirect: 'error',
        })
        httpStatus = res.status
        // The answer's body is not needed: cancelled, not read (a hostile peer streamed gigabytes into memory until the timeout).
        await res.body?.cancel().catch(() => undefined)
        if (res.ok) {
          this.o.log({ t: now(), rule: job.event.rule, url: job.url, status: 'delivered', attempts, httpStatus, error: null })
          this.done(job)
          return
        }
        lastError = `HTTP ${res.status}`
      } catch (err) {
        httpStatus = null
        const e = err as Error & { cause?: Error }
        lastError = abort.signal.aborted ? (abort.signal.reason as Error).message : (e.cause?.message ?? e.message)
      } finally {
        clearTimeout(timer)
        this.aborts.delete(abort)
      }
    }
    if (this.closed) {
      // Cut by the stop, not failed: it stays owed, and the next start sends it again.
      const error = `stopped after ${attempts} of ${job.retries + 1} attempts (last: ${lastError ?? 'none'}); sent again at the next start`
      this.o.log({ t: now(), rule: job.event.rule, url: job.url, status: 'failed', attempts, httpStatus, error })
      return
    }
    this.o.log({ t: now(), rule: job.event.rule, url: job.url, status: 'failed', attempts, httpStatus, error: lastError })
    this.done(job)
  }

  private done(job: Job): void {
    this.owed.delete(job)
    this.saveOwed()
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.sleepers.delete(t)
        resolve()
      }, ms)
      this.sleepers.set(t, resolve)
    })
  }

  /** Waits for the requests under way (for tests and a clean stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running])
  }

  /** Stops: requests and backoff waits under way are ended; they and the queued events stay owed (`resend`). */
  async close(): Promise<void> {
    this.closed = true
    this.queue.length = 0
    for (const a of this.aborts) a.abort(new Error('stopping'))
    for (const [t, wake] of this.sleepers) {
      clearTimeout(t)
      wake()
    }
    this.sleepers.clear()
    await this.idle()
    this.flushOwed()
  }
}
