// Webhook delivery: one POST per delivered alert event, in Alertmanager's webhook format (version 4),
// with a timeout, retries with exponential backoff, and a delivery log. Sending is fire-and-forget
// from the evaluator's point of view: `send` only queues, so a hanging receiver never delays
// evaluation; at most `maxInFlight` requests run at once and the queue is bounded.
// What is still owed (queued, or retrying) is handed to `owed` so the store keeps it: a stop does not
// lose a delivery, the next start sends it again (`resend`). It is handed over at most once per
// `owedFlushMs` (and at close), never per send: an alert storm to a down receiver wrote the whole list
// at every send and every end, O(n²) bytes on the engine thread. A crash loses at most that interval.
//
// Order. Deliveries of one alert to one receiver (a lane: the URL and the alert) go out one at a time, in
// the order they were made, across retries and a restart (the owed list is kept, and sent again, in
// that order); other lanes run beside it, `maxInFlight` in all. Four at once let a receiver take an
// alert's "resolved" before a retried "firing" and show it firing for good.
//
// A newer state replaces an older one still owed in its lane (firing → resolved while the receiver was
// down): it is queued in the older one's place, and an older one already under way ends after its
// current attempt instead of retrying. The attempt on the wire is not aborted: that would not unsend
// it, and the receiver could still act on it after taking the newer state. This follows Alertmanager:
// one notification at a time per group and receiver, each carrying the alerts' state when it was
// flushed; a failing one is retried only until the group's next flush is due (its context's deadline),
// and that flush sends the state as it is then, never the states in between. So a receiver back from
// an outage is told where the alert is now, not paged for a firing that ended an hour ago.
// Alertmanager sends nothing for an alert that resolved before any firing of it was delivered (its
// notification log holds only successes, and a group never notified is sent only when something fires);
// here the resolution still goes, because a firing attempt that timed out or was cut may have reached
// the receiver all the same, and one left firing there is the fault this prevents. A resolution of an
// alert the receiver never saw is harmless (the payload carries startsAt and endsAt; PagerDuty ignores
// a resolve it has no incident for), and it tells the trader the episode happened.
// FVG events are each their own notice (two gaps on one symbol are two events, not one alert's states):
// they keep the order but never replace one another.
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
  /** The lane: deliveries of one key go out one at a time, in order. */
  key: string
  /** Whether a newer event of the lane replaces this one (an alert's states: not FVG events). */
  replaceable: boolean
  /** Set when a newer state of its alert replaced it while under way: no more attempts. */
  replacedBy: AlertEvent['state'] | null
  /** Ends its backoff wait early (set while it waits). */
  wake: (() => void) | null
}

/** The lane of an event: its receiver and its alert (a metric rule has one alert; an FVG event is its labels'). */
function laneKey(event: AlertEvent, url: string, rule: Rule): string {
  const alert = rule.kind === 'fvg' ? JSON.stringify(Object.entries(event.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : ''
  return JSON.stringify([url, event.rule, alert])
}

export class WebhookSender {
  private readonly o: WebhookSenderOptions
  /** Waiting to start, in the order sent (at most one per replaceable lane). */
  private readonly queue: Job[] = []
  /** The job under way in each busy lane. */
  private readonly busy = new Map<string, Job>()
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
    if (this.enqueue(event, rule)) this.pump()
  }

  /** Queues without starting anything; false when nothing was queued. */
  private enqueue(event: AlertEvent, rule: Rule): boolean {
    if (this.closed || !rule.webhook) return false
    const w = rule.webhook
    const job: Job = {
      event,
      url: w.url,
      timeoutMs: parsePromDuration(w.timeout) ?? 5000,
      retries: w.retries,
      key: laneKey(event, w.url, rule),
      replaceable: rule.kind !== 'fvg',
      replacedBy: null,
      wake: null,
    }
    // A full queue still takes a new state of an alert it holds: it takes the older one's place.
    if (this.queue.length >= (this.o.maxQueued ?? 1000) && !(job.replaceable && this.queue.some((q) => q.key === job.key))) {
      this.o.onDropped?.(`Webhook queue full: dropped the ${event.state} event of ${event.rule}.`)
      return false
    }
    const at = job.replaceable ? this.replaceOlder(job) : -1
    if (at >= 0) this.queue.splice(at, 0, job) // it has waited as long as the one it replaces
    else this.queue.push(job)
    this.owed.add(job)
    this.saveOwed()
    return true
  }

  /** The new state of an alert replaces what its lane still owes (the header says why); returns the queue place it frees, or -1. */
  private replaceOlder(job: Job): number {
    const i = this.queue.findIndex((q) => q.key === job.key)
    if (i >= 0) {
      const [old] = this.queue.splice(i, 1)
      this.logReplaced(old, job.event.state, 0, null, null)
      this.done(old)
    }
    const running = this.busy.get(job.key)
    if (running && running.replacedBy === null) {
      running.replacedBy = job.event.state
      this.owed.delete(running) // owed no more: a stop or crash from now on sends the new state only
      running.wake?.()
    }
    return i
  }

  private logReplaced(job: Job, by: AlertEvent['state'], attempts: number, httpStatus: number | null, lastError: string | null): void {
    const error =
      attempts === 0
        ? `replaced by its ${by} state before it was sent`
        : `replaced by its ${by} state after ${attempts} of ${job.retries + 1} attempts (last: ${lastError ?? 'none'})`
    this.o.log({ t: (this.o.now ?? Date.now)(), rule: job.event.rule, url: job.url, status: 'superseded', attempts, httpStatus, error })
  }

  /**
   * At start: sends again what the last run still owed (its stop or crash cut it), to the rules that
   * still have that webhook; a rule since deleted, or whose webhook moved, is not sent to.
   */
  resend(owed: readonly Owed[], rules: readonly Rule[]): void {
    const byName = new Map(rules.map((r) => [r.name, r]))
    // All queued before any starts, in their stored order: a stored firing that its stored resolution
    // replaces is never sent (started at once, it was on the wire before the resolution was read).
    for (const o of owed) {
      const rule = byName.get(o.event.rule)
      if (rule?.webhook?.url === o.url) this.enqueue(o.event, rule)
    }
    if (owed.length > 0) this.saveOwed() // those no longer sent to are not owed
    this.pump()
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

  /** Starts the oldest queued jobs whose lane is free, up to `maxInFlight`. */
  private pump(): void {
    const max = this.o.maxInFlight ?? 4
    for (let i = 0; !this.closed && this.inFlight < max && i < this.queue.length; ) {
      const job = this.queue[i]
      if (this.busy.has(job.key)) {
        i++
        continue
      }
      this.queue.splice(i, 1)
      this.inFlight++
      this.busy.set(job.key, job)
      const p: Promise<void> = this.deliver(job).finally(() => {
        this.inFlight--
        this.busy.delete(job.key)
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
    while (!this.closed && job.replacedBy === null && attempts <= job.retries) {
      if (attempts > 0) await this.sleep((this.o.backoffMs ?? 1000) * 2 ** (attempts - 1), job)
      if (this.closed || job.replacedBy !== null) break
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
    if (job.replacedBy !== null) return this.logReplaced(job, job.replacedBy, attempts, httpStatus, lastError)
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

  private sleep(ms: number, job: Job): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(t)
        this.sleepers.delete(t)
        job.wake = null
        resolve()
      }
      const t = setTimeout(wake, ms)
      this.sleepers.set(t, wake)
      job.wake = wake
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
