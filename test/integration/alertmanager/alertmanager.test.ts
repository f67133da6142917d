// Alertmanager delivery: an engine with settings.alertmanager sends its firing alert to a real
// Alertmanager, which lists it (labels, annotations, startsAt/endsAt), keeps receiving it while it
// fires, and shows it resolved after the engine resolves it. Auth headers and a failed POST are
// checked against a local HTTP server standing in for Alertmanager.
import http from 'node:http'
import os from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { AlertmanagerSender } from '../../../electron/engine/alerts/alertmanager.ts'
import type { DeliveryRecord } from '../../../electron/engine/alerts/alert-store.ts'
import type { AlertEvent } from '../../../shared/alerts.ts'
import type { Sample } from '../../../shared/sample.ts'
import { tempDir } from '../../helpers/temp.ts'
import { startAlertmanager, type GettableAlert } from './alertmanager-server.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { memSample } from '../../helpers/mem-sample.ts'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const ours = (alerts: GettableAlert[]) => alerts.filter((a) => a.labels.alertname === 'memory-high')
const stillActive = (a: GettableAlert) => a.status.state === 'active' && Date.parse(a.endsAt) > Date.now()

describe('Alertmanager delivery', () => {
  it('a real Alertmanager receives the firing alert, keeps getting it while it fires, and sees it resolve', async () => {
    const am = await startAlertmanager()
    cleanups.push(() => am.stop())
    const e = new Engine({ dataDir: tempDir('gw-am-engine-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => e.stop())
    await e.call('setSettings', { alertmanager: { url: am.url, resendSeconds: 1 } })
    await e.call('rulesSave', { rule: { name: 'memory-high', metric: 'mem.used_pct', threshold: 90, for: '1s', severity: 'critical', labels: { team: 'desk' }, message: 'Memory {{value}} % used' } })
    const feed = (e as unknown as { onSample(s: Sample): void }).onSample.bind(e)
    const t0 = Date.now() - 3000
    for (let i = 0; i < 3; i++) feed(memSample(t0 + i * 1000, 95))

    await expect.poll(async () => ours(await am.alerts()).filter(stillActive).length, { timeout: 20_000, interval: 200 }).toBe(1)
    const [fired] = ours(await am.alerts())
    expect(fired.labels).toEqual({ alertname: 'memory-high', severity: 'critical', instance: os.hostname(), metric: 'mem.used_pct', team: 'desk' })
    expect(fired.annotations).toEqual({ summary: 'Memory 95 % used', value: '95' })
    expect(fired.startsAt).toBe(new Date(t0 + 1000).toISOString())
    // endsAt a few resends ahead: Alertmanager resolves it by itself if the engine stops sending
    expect(Date.parse(fired.endsAt)).toBeGreaterThan(Date.now() + 1000)

    // re-sent while firing: Alertmanager's copy is updated with a later endsAt
    await expect.poll(async () => Date.parse(ours(await am.alerts())[0].endsAt), { timeout: 20_000, interval: 200 }).toBeGreaterThan(Date.parse(fired.endsAt))

    const t1 = Date.now()
    feed(memSample(t1, 50))
    await expect.poll(async () => ours(await am.alerts()).filter(stillActive).length, { timeout: 20_000, interval: 200 }).toBe(0)
    const after = ours(await am.alerts())
    // Alertmanager either still lists it with the engine's endsAt, or has dropped it as resolved
    for (const a of after) expect(a.endsAt).toBe(new Date(t1).toISOString())

    const deliveries = (await e.call('alertsDeliveries', {})) as DeliveryRecord[]
    expect(deliveries.filter((d) => d.url === `${am.url}/api/v2/alerts` && d.status === 'delivered').length).toBeGreaterThanOrEqual(2)
  }, 60_000)

  it('sends the alerts still firing after a restart, which the evaluator does not announce again', async () => {
    const bodies: Array<Array<{ labels: Record<string, string> }>> = []
    const server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        bodies.push(JSON.parse(body) as (typeof bodies)[number])
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => server.close(r)))
    const dataDir = tempDir('gw-am-engine-')
    const a = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    await a.call('rulesSave', { rule: { name: 'memory-high', metric: 'mem.used_pct', threshold: 90, severity: 'critical' } })
    const t0 = Date.now() - 2000
    ;(a as unknown as { onSample(s: Sample): void }).onSample(memSample(t0, 95))
    expect(((await a.call('alertsActive', {})) as Array<{ state: string }>).map((x) => x.state)).toEqual(['firing'])
    await a.call('setSettings', { alertmanager: { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, resendSeconds: 60 } })
    await a.stop()
    bodies.length = 0
    const b = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => b.stop())
    await expect.poll(() => bodies.flat().map((x) => x.labels.alertname), { timeout: 20_000, interval: 100 }).toContain('memory-high')
  }, 60_000)

  it('sends basic auth or a bearer token, logs a failed POST and delivers on the next resend', async () => {
    const seen: Array<{ auth: string | undefined; body: Array<{ labels: Record<string, string>; endsAt: string }> }> = []
    let failNext = 1
    const server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body: JSON.parse(body) as (typeof seen)[number]['body'] })
        res.writeHead(failNext-- > 0 ? 503 : 200).end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => server.close(r)))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/am/`
    const log: DeliveryRecord[] = []
    const sender = new AlertmanagerSender({ log: (d) => log.push(d), instance: 'ws1' })
    cleanups.push(() => sender.close())
    sender.setTarget({ url, auth: { type: 'basic', username: 'gw', password: 'p:ss' }, resendSeconds: 1 })
    const event: AlertEvent = { rule: 'cpu-high', metric: 'cpu.total', severity: 'warning', labels: {}, state: 'firing', activeAt: 1000, firedAt: 2000, resolvedAt: null, value: 93, message: 'CPU 93 %', muted: null, acknowledgedAt: null, notify: true }
    sender.onEvent(event)
    await expect.poll(() => log.map((l) => l.status), { timeout: 20_000, interval: 100 }).toEqual(['failed', 'delivered'])
    expect(log[0]).toMatchObject({ rule: 'cpu-high', url: `${url}api/v2/alerts`, httpStatus: 503, error: 'HTTP 503' })
    expect(seen[0].auth).toBe(`Basic ${Buffer.from('gw:p:ss').toString('base64')}`)
    expect(seen[1].body).toMatchObject([{ labels: { alertname: 'cpu-high', severity: 'warning', instance: 'ws1', metric: 'cpu.total' }, startsAt: new Date(2000).toISOString() }])

    sender.setTarget({ url, auth: { type: 'bearer', token: 't0ken' }, resendSeconds: 1 })
    await expect.poll(() => seen.at(-1)?.auth, { timeout: 20_000, interval: 100 }).toBe('Bearer t0ken')
    // muted or pending events are not sent; a resolved one is sent once with its endsAt, then dropped
    sender.onEvent({ ...event, rule: 'muted', notify: false })
    sender.onEvent({ ...event, state: 'resolved', resolvedAt: 5000 })
    await expect.poll(() => seen.some((s) => s.body.some((a) => a.endsAt === new Date(5000).toISOString())), { timeout: 20_000, interval: 100 }).toBe(true)
    await sender.idle()
    const count = seen.length
    sender.flush() // what a resend would do: the set is empty, nothing is posted
    await sender.idle()
    expect(seen.length).toBe(count)
    expect(seen.flatMap((s) => s.body.map((a) => a.labels.alertname))).not.toContain('muted')
  }, 60_000)
})
