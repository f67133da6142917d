// Webhook delivery against a local HTTP server that is slow, then fails, then succeeds.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../electron/engine/store/database.ts'
import { AlertStore, type DeliveryRecord } from '../../../electron/engine/alerts/alert-store.ts'
import { AlertEngine } from '../../../electron/engine/alerts/alert-engine.ts'
import { WebhookSender, type AlertmanagerPayload } from '../../../electron/engine/alerts/webhook.ts'
import { RuleSchema, type Rule } from '../../../shared/alerts.ts'

const servers: http.Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

/** A server answering each request with the next behaviour: 'hang' (never), or a status code. */
async function receiver(behaviours: Array<'hang' | number>) {
  const bodies: AlertmanagerPayload[] = []
  let n = 0
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      bodies.push(JSON.parse(body) as AlertmanagerPayload)
      const b = behaviours[Math.min(n++, behaviours.length - 1)]
      if (b === 'hang') return
      res.writeHead(b).end()
    })
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, requests: () => n }
}

function setup(url: string, retries = 3) {
  const db = openDatabase(':memory:')
  const store = new AlertStore(db)
  const deliveries: DeliveryRecord[] = []
  let resolveWhen: ((d: DeliveryRecord) => void) | null = null
  const logged = new Promise<DeliveryRecord>((r) => (resolveWhen = r))
  const sender = new WebhookSender({
    backoffMs: 20,
    log: (d) => {
      store.logDelivery(d)
      deliveries.push(d)
      resolveWhen?.(d)
    },
  })
  const rule = RuleSchema.parse({ name: 'cpu-high', metric: 'cpu.total', threshold: 90, severity: 'critical', labels: { group: 'cpu' }, webhook: { url, timeout: '1s', retries } }) as Rule
  const engine = new AlertEngine({ store, rules: [rule], emit: () => {}, deliver: (e, r) => sender.send(e, r), intervalMs: () => 1000 })
  return { db, store, sender, engine, logged, deliveries }
}

describe('webhook delivery', () => {
  it('times out on a slow receiver, retries after a 500, and is delivered on the third attempt; evaluation never waits', async () => {
    const rx = await receiver(['hang', 500, 200])
    const s = setup(rx.url)
    s.engine.onSample(Date.UTC(2026, 0, 5, 12), [['cpu.total', 99]])
    expect(rx.requests()).toBe(0) // onSample returned before the request even reached the server
    const d = await s.logged
    expect(d).toMatchObject({ rule: 'cpu-high', url: rx.url, status: 'delivered', attempts: 3, httpStatus: 200, error: null })
    expect(s.store.deliveries()).toMatchObject([{ status: 'delivered', attempts: 3 }])
    expect(rx.bodies).toHaveLength(3)
    const p = rx.bodies[2]
    expect(p).toMatchObject({ version: '4', status: 'firing', receiver: 'gapwatch', groupLabels: { alertname: 'cpu-high' } })
    expect(p.alerts[0]).toMatchObject({
      status: 'firing',
      labels: { alertname: 'cpu-high', severity: 'critical', group: 'cpu', metric: 'cpu.total' },
      startsAt: '2026-01-05T12:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
    })
    expect(p.alerts[0].fingerprint).toMatch(/^[0-9a-f]{16}$/)
    await s.sender.close()
    s.db.close()
  })

  it('logs a failed delivery with the last error once the retries are spent, and sends the resolution too', async () => {
    const rx = await receiver([503])
    const s = setup(rx.url, 1)
    s.engine.onSample(Date.UTC(2026, 0, 5, 12), [['cpu.total', 99]])
    const d = await s.logged
    expect(d).toMatchObject({ status: 'failed', attempts: 2, httpStatus: 503, error: 'HTTP 503' })
    s.engine.onSample(Date.UTC(2026, 0, 5, 12, 0, 1), [['cpu.total', 10]])
    await s.sender.idle()
    expect(rx.bodies.at(-1)).toMatchObject({ status: 'resolved', alerts: [{ endsAt: '2026-01-05T12:00:01.000Z' }] })
    await s.sender.close()
    s.db.close()
  })

  it('close() ends a hanging request and a backoff wait without waiting for them', async () => {
    const rx = await receiver(['hang'])
    const s = setup(rx.url, 5)
    s.engine.onSample(Date.UTC(2026, 0, 5, 12), [['cpu.total', 99]])
    while (rx.requests() === 0) await new Promise((r) => setImmediate(r))
    await s.sender.close()
    expect(s.deliveries).toMatchObject([{ status: 'failed', attempts: 1 }])
    s.db.close()
  })

  it('sends again only what a rule still has the webhook for, then owes nothing; a damaged owed row is said and dropped', async () => {
    const rx = await receiver([200])
    const s = setup(rx.url)
    s.engine.onSample(Date.UTC(2026, 0, 5, 12), [['cpu.total', 99]])
    await s.logged
    const [fired] = rx.bodies
    expect(s.store.owedDeliveries()).toEqual([]) // delivered: nothing owed
    const event = { rule: 'cpu-high', metric: 'cpu.total', severity: 'critical' as const, labels: {}, state: 'firing' as const, activeAt: 1, firedAt: 1, resolvedAt: null, value: 99, message: 'm', muted: null, acknowledgedAt: null, notify: true }
    s.store.saveOwedDeliveries([
      { event, url: 'http://127.0.0.1:9/moved' }, // the rule's webhook moved since
      { event: { ...event, rule: 'deleted' }, url: rx.url }, // the rule is gone
      { event, url: rx.url },
    ])
    const rule = RuleSchema.parse({ name: 'cpu-high', metric: 'cpu.total', threshold: 90, webhook: { url: rx.url } }) as Rule
    const again = new WebhookSender({ log: () => {}, owed: (o) => s.store.saveOwedDeliveries(o) })
    again.resend(s.store.owedDeliveries(), [rule])
    await again.idle()
    expect(rx.bodies.slice(1).map((b) => b.alerts[0].labels.alertname)).toEqual(['cpu-high'])
    expect(fired.status).toBe('firing')
    await again.close() // the owed set is written at most once a second, and at close
    expect(s.store.owedDeliveries()).toEqual([])
    await s.sender.close()

    const errors: string[] = []
    const damaged = new AlertStore(s.db, (m) => errors.push(m))
    damaged.setMeta('webhook-owed', '[{"event":')
    expect(damaged.owedDeliveries()).toEqual([])
    expect(errors).toEqual(['The webhook deliveries owed from the last run could not be read (a damaged row in gapwatch.db); they are not sent again.'])
    s.db.close()
  })

  it('an alert storm to a down receiver writes the owed list a few times, not twice per event; what close leaves is what is owed', async () => {
    const writes: number[] = [] // the size of each list handed to the store
    let last: unknown[] = []
    const sender = new WebhookSender({ log: () => {}, owedFlushMs: 200, maxInFlight: 1, owed: (o) => {
      writes.push(o.length)
      last = o
    } })
    const rule = RuleSchema.parse({ name: 'r', metric: 'cpu.total', threshold: 1, webhook: { url: 'http://127.0.0.1:9/hook', timeout: '1s', retries: 0 } }) as Rule
    const event = { rule: 'r', metric: 'cpu.total', severity: 'warning' as const, labels: {}, state: 'firing' as const, activeAt: 1, firedAt: 1, resolvedAt: null, value: 99, message: 'm', muted: null, acknowledgedAt: null, notify: true }
    const started = performance.now()
    for (let i = 0; i < 200; i++) sender.send({ ...event, rule: `r-${i}` }, rule)
    expect(writes).toEqual([]) // the sends themselves write nothing (the old code wrote the whole list at each: 200 writes)
    await expect.poll(() => writes.length, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0)
    await sender.close()
    const elapsed = performance.now() - started
    // One write per 200 ms at most while the set changes, plus the one at close.
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1)
    // Port 9 refuses: those that ended (failed) are not owed, those the stop cut are: the close's write says which.
    expect(new Set((last as Array<{ event: { rule: string } }>).map((o) => o.event.rule)).size).toBe(last.length)
  })
})
