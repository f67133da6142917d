// Deliveries of one alert to one receiver reach it one at a time, in the order they were made, across
// retries and a restart; a newer state of the alert replaces an older one still owed (webhook.ts says
// why). Against a real HTTP receiver on 127.0.0.1 that hangs or refuses its first requests.
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { WebhookSender, type AlertmanagerPayload } from '../../../electron/engine/alerts/webhook.ts'
import type { DeliveryRecord } from '../../../electron/engine/alerts/alert-store.ts'
import { RuleSchema, type AlertEvent, type Rule } from '../../../shared/alerts.ts'
import type { Sample } from '../../../shared/sample.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { memSample } from '../../helpers/mem-sample.ts'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

interface Received {
  alert: string
  status: string
  /** The alert's value annotation: tells apart events of one alert. */
  value: string | undefined
  /** Other requests of the same alert still open when this one arrived. */
  overlapping: number
  answer: 'hang' | number
}

/**
 * A receiver whose answer to each request is chosen by `answer(alertName, nth request of that alert)`:
 * 'hang' (no answer: the sender's timeout ends it) or an HTTP status.
 */
async function receiver(answer: (alert: string, nth: number) => 'hang' | number) {
  const got: Received[] = []
  /** Requests left unanswered, for a test to answer when it chooses (or the sender's timeout ends them). */
  const held: http.ServerResponse[] = []
  const open = new Map<string, number>()
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      const p = JSON.parse(body) as AlertmanagerPayload
      const alert = `${p.alerts[0].labels.alertname}${p.alerts[0].labels.symbol ? `:${p.alerts[0].labels.symbol}` : ''}`
      const nth = got.filter((g) => g.alert === alert).length
      const a = answer(alert, nth)
      got.push({ alert, status: p.status, value: p.alerts[0].annotations.value, overlapping: open.get(alert) ?? 0, answer: a })
      open.set(alert, (open.get(alert) ?? 0) + 1)
      const close = () => open.set(alert, open.get(alert)! - 1)
      res.on('close', close)
      if (a !== 'hang') res.writeHead(a).end()
      else held.push(res)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => {
    server.closeAllConnections()
    return new Promise((r) => server.close(r))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  /** What the receiver took (answered 2xx) for one alert, in order. */
  const accepted = (alert: string) => got.filter((g) => g.alert === alert && typeof g.answer === 'number' && g.answer < 300).map((g) => g.status)
  return { url, got, accepted, held }
}

function event(rule: string, state: 'firing' | 'resolved', t: number, labels: Record<string, string> = {}): AlertEvent {
  return {
    rule,
    metric: 'cpu.total',
    severity: 'critical',
    labels,
    state,
    activeAt: 1,
    firedAt: 1,
    resolvedAt: state === 'resolved' ? t : null,
    value: 99,
    message: `${rule} ${state}`,
    muted: null,
    acknowledgedAt: null,
    notify: true,
  }
}

function sender() {
  const log: DeliveryRecord[] = []
  const s = new WebhookSender({ backoffMs: 20, log: (d) => log.push(d) })
  cleanups.push(() => s.close())
  return { s, log }
}

describe('webhook delivery order', () => {
  it("an alert's resolution never overtakes its firing on a slow receiver, and other alerts are not held up", async () => {
    // The firing's first request hangs until the test answers it 503; the old code sent the resolution at once
    // beside it, so the receiver took "resolved" and then, on the retry, "firing": an alert firing for good.
    const rx = await receiver((alert, nth) => (alert === 'A' && nth === 0 ? 'hang' : 200))
    const { s, log } = sender()
    const rule = RuleSchema.parse({ name: 'A', metric: 'cpu.total', threshold: 90, webhook: { url: rx.url, timeout: '5m', retries: 3 } }) as Rule
    const other = RuleSchema.parse({ name: 'B', metric: 'cpu.total', threshold: 90, webhook: { url: rx.url, timeout: '5m', retries: 3 } }) as Rule
    s.send(event('A', 'firing', 1000), rule)
    await expect.poll(() => rx.got.length, { timeout: 10_000, interval: 10 }).toBe(1) // the firing is on the wire
    s.send(event('A', 'resolved', 2000), rule)
    s.send(event('B', 'firing', 2000), other)
    // B goes out while A's firing still hangs: one alert's slow receiver does not hold the others.
    await expect.poll(() => rx.accepted('B'), { timeout: 10_000, interval: 10 }).toEqual(['firing'])
    expect(rx.got.filter((g) => g.alert === 'A')).toHaveLength(1)
    rx.held[0].writeHead(503).end()
    await expect.poll(() => rx.accepted('A'), { timeout: 20_000, interval: 20 }).toEqual(['resolved'])
    await s.idle()
    expect(rx.got.filter((g) => g.alert === 'A').map((g) => [g.status, g.overlapping])).toEqual([
      ['firing', 0],
      ['resolved', 0],
    ])
    // The firing, cut by its timeout, is not retried after its resolution: the log says it was replaced.
    expect(log.find((d) => d.rule === 'A' && d.status !== 'delivered')).toMatchObject({ status: 'superseded', attempts: 1, httpStatus: 503, error: 'replaced by its resolved state after 1 of 4 attempts (last: HTTP 503)' })
    expect(log.filter((d) => d.rule === 'A' && d.status === 'delivered')).toHaveLength(1)
  }, 30_000)

  it('a full queue still takes a newer state of an alert it holds (in the older one\'s place), and drops a new alert', async () => {
    const rx = await receiver((alert, nth) => (alert === 'X' && nth === 0 ? 'hang' : 200))
    const log: DeliveryRecord[] = []
    const dropped: string[] = []
    const s = new WebhookSender({ backoffMs: 20, maxInFlight: 1, maxQueued: 2, log: (d) => log.push(d), onDropped: (m) => dropped.push(m) })
    cleanups.push(() => s.close())
    const rule = (name: string) => RuleSchema.parse({ name, metric: 'cpu.total', threshold: 90, webhook: { url: rx.url, timeout: '1s', retries: 2 } }) as Rule
    s.send(event('X', 'firing', 1000), rule('X'))
    await expect.poll(() => rx.got.length, { timeout: 10_000, interval: 10 }).toBe(1) // X holds the one slot
    s.send(event('Y', 'firing', 1000), rule('Y'))
    s.send(event('Z', 'firing', 1000), rule('Z')) // the queue is full
    s.send(event('Y', 'resolved', 2000), rule('Y'))
    s.send(event('W', 'firing', 2000), rule('W'))
    expect(dropped).toEqual(['Webhook queue full: dropped the firing event of W.'])
    expect(log).toMatchObject([{ rule: 'Y', status: 'superseded', attempts: 0, error: 'replaced by its resolved state before it was sent' }])
    await expect.poll(() => [rx.accepted('X'), rx.accepted('Y'), rx.accepted('Z')], { timeout: 20_000, interval: 20 }).toEqual([['firing'], ['resolved'], ['firing']])
    await s.idle()
    expect(rx.got.map((g) => `${g.alert} ${g.status}`)).toEqual(['X firing', 'X firing', 'Y resolved', 'Z firing'])
  }, 30_000)

  it('events that do not replace each other (FVG events) reach the receiver in the order made, one at a time, across retries', async () => {
    // Each event's first request is refused: the old code retried the first while the second went through.
    const rx = await receiver((_alert, nth) => (nth === 0 ? 503 : 200))
    const { s } = sender()
    const rule = RuleSchema.parse({ kind: 'fvg', name: 'gaps', symbols: ['EURUSD'], webhook: { url: rx.url, timeout: '1s', retries: 3 } }) as Rule
    const labels = { symbol: 'EURUSD', timeframe: '1h', event: 'created' }
    for (let i = 0; i < 3; i++) s.send({ ...event('gaps', 'firing', 1000 + i, labels), value: i }, rule)
    await expect.poll(() => rx.accepted('gaps:EURUSD').length, { timeout: 20_000, interval: 10 }).toBe(3)
    await s.idle()
    expect(rx.got.filter((g) => g.answer === 200).map((g) => g.value)).toEqual(['0', '1', '2'])
    expect(rx.got.every((g) => g.overlapping === 0)).toBe(true)
    expect(rx.got.map((g) => g.answer)).toEqual([503, 200, 200, 200]) // one refusal in all, then each in turn
  }, 30_000)

  it('a firing, its resolution and another alert owed by a stopped run are sent again in order at the next start; the list the previous version wrote still works', async () => {
    let down = true
    // While down every request is refused; once up, the first request of each alert hangs (so a parallel
    // resend of the stored firing and resolution let the resolution through first, as the old code did).
    const rx = await receiver((_alert, nth) => (down ? 503 : nth === 0 ? 'hang' : 200))
    const dataDir = tempDir('gw-webhook-order-')
    const e1 = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => e1.stop())
    const hook = { url: rx.url, timeout: '1s', retries: 10 }
    await e1.call('rulesSave', { rule: { name: 'mem-hook', metric: 'mem.used_pct', threshold: 90, severity: 'critical', webhook: hook } })
    await e1.call('rulesSave', { rule: { name: 'other-hook', metric: 'mem.used_pct', threshold: 50, severity: 'warning', webhook: hook } })
    await e1.stop()
    cleanups.pop()

    // The owed list exactly as the previous version wrote it (alert_meta 'webhook-owed', a JSON array of
    // { event, url } in the order sent): mem-hook's firing and resolution, and other-hook's firing.
    const t = Date.now()
    const ev = (rule: string, state: 'firing' | 'resolved') => ({ ...event(rule, state, t), metric: 'mem.used_pct' })
    const db = new Database(path.join(dataDir, 'gapwatch.db'))
    db.prepare('INSERT OR REPLACE INTO alert_meta (key, value) VALUES (?, ?)').run(
      'webhook-owed',
      JSON.stringify([
        { event: ev('mem-hook', 'firing'), url: rx.url },
        { event: ev('other-hook', 'firing'), url: rx.url },
        { event: ev('mem-hook', 'resolved'), url: rx.url },
      ]),
    )
    db.close()

    down = false
    const e2 = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => e2.stop())
    await expect.poll(() => [rx.accepted('mem-hook'), rx.accepted('other-hook')], { timeout: 30_000, interval: 50 }).toEqual([['resolved'], ['firing']])
    // mem-hook's stored firing was replaced by its resolution before it was sent: the receiver never shows it firing.
    expect(rx.got.filter((g) => g.alert === 'mem-hook').map((g) => g.status)).toEqual(['resolved', 'resolved'])
    expect(rx.got.every((g) => g.overlapping === 0)).toBe(true)

    // Now live: the receiver goes down, the alert fires and resolves, the engine stops with the resolution owed.
    down = true
    const sent = rx.got.length
    const feed = e2 as unknown as { onSample(s: Sample): void }
    feed.onSample(memSample(Date.now(), 95))
    await expect.poll(() => rx.got.slice(sent).some((g) => g.alert === 'mem-hook'), { timeout: 20_000, interval: 20 }).toBe(true)
    feed.onSample(memSample(Date.now() + 1000, 10))
    await expect.poll(() => rx.got.slice(sent).some((g) => g.alert === 'mem-hook' && g.status === 'resolved'), { timeout: 20_000, interval: 20 }).toBe(true)
    await e2.stop()
    cleanups.pop()
    const owed = new Database(path.join(dataDir, 'gapwatch.db'), { readonly: true })
    const list = JSON.parse((owed.prepare("SELECT value FROM alert_meta WHERE key = 'webhook-owed'").get() as { value: string }).value) as Array<{ event: AlertEvent }>
    owed.close()
    expect(list.filter((o) => o.event.rule === 'mem-hook').map((o) => o.event.state)).toEqual(['resolved'])

    down = false
    const before = rx.got.length
    const e3 = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => e3.stop())
    await expect.poll(() => rx.got.slice(before).filter((g) => g.alert === 'mem-hook' && g.answer === 200).map((g) => g.status), { timeout: 20_000, interval: 50 }).toEqual(['resolved'])
    expect(rx.got.slice(before).filter((g) => g.alert === 'mem-hook').every((g) => g.status === 'resolved' && g.overlapping === 0)).toBe(true)
  }, 90_000)
})
