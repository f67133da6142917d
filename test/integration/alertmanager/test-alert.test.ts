// Settings → Alertmanager's "Send test alert" (engine/alerts/alertmanager-test.ts) through the
// contract command `alertmanagerTest` of a real Engine: a real Alertmanager lists the test alert
// (resolving by itself in a few minutes) and the delivery log records it; the saved auth is sent;
// a refused or unreachable Alertmanager is logged as failed, in words.
import http from 'node:http'
import os from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { TEST_ALERT_MINUTES, TEST_ALERT_NAME } from '../../../electron/engine/alerts/alertmanager-test.ts'
import type { Delivery } from '../../../shared/alerts.ts'
import { tempDir } from '../../helpers/temp.ts'
import { freePort } from '../prometheus/prometheus-server.ts'
import { startAlertmanager } from './alertmanager-server.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function engine(): Engine {
  const e = new Engine({ dataDir: tempDir('gw-am-test-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  cleanups.push(() => e.stop())
  return e
}

describe('Alertmanager test alert', () => {
  it('a real Alertmanager lists the test alert, which ends by itself; the delivery log records it', async () => {
    const am = await startAlertmanager()
    cleanups.push(() => am.stop())
    const e = engine()
    await e.call('setSettings', { alertmanager: { url: am.url, auth: { type: 'bearer', token: 'am-bearer-token-1234' } } })
    const before = Date.now()
    // Alertmanager may still be starting: the first tries can be refused
    let result: Delivery | undefined
    await expect
      .poll(async () => (result = (await e.call('alertmanagerTest', {})) as Delivery).status, { timeout: 30_000, interval: 300 })
      .toBe('delivered')
    expect(result).toMatchObject({ rule: TEST_ALERT_NAME, url: `${am.url}/api/v2/alerts`, httpStatus: 200, error: null })
    await expect.poll(async () => (await am.alerts()).filter((a) => a.labels.alertname === TEST_ALERT_NAME).length, { timeout: 30_000, interval: 200 }).toBe(1)
    const [listed] = (await am.alerts()).filter((a) => a.labels.alertname === TEST_ALERT_NAME)
    expect(listed.labels).toEqual({ alertname: TEST_ALERT_NAME, severity: 'info', instance: os.hostname() })
    expect(listed.annotations.summary).toMatch(/delivery to this Alertmanager works/)
    const ends = Date.parse(listed.endsAt) - Date.parse(listed.startsAt)
    expect(ends).toBe(TEST_ALERT_MINUTES * 60_000)
    expect(Date.parse(listed.startsAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
    const log = (await e.call('alertsDeliveries', {})) as Delivery[]
    expect(log[0]).toEqual(result)
  }, 60_000)

  it('sends the saved auth, and logs a refusal in words', async () => {
    const auths: Array<string | undefined> = []
    const server = http.createServer((req, res) => {
      auths.push(req.headers.authorization)
      req.resume()
      req.on('end', () => res.writeHead(401).end())
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => server.close(r)))
    const e = engine()
    await e.call('setSettings', { alertmanager: { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, auth: { type: 'basic', username: 'gw', password: 's3cret' } } })
    const result = (await e.call('alertmanagerTest', {})) as Delivery
    expect(auths).toEqual([`Basic ${Buffer.from('gw:s3cret').toString('base64')}`])
    expect(result).toMatchObject({ status: 'failed', httpStatus: 401, error: 'HTTP 401: check the user name, password or token' })
    expect(((await e.call('alertsDeliveries', {})) as Delivery[])[0]).toEqual(result)
  })

  it('says why when nothing answers, and when no Alertmanager is saved', async () => {
    const e = engine()
    await expect(e.call('alertmanagerTest', {})).rejects.toThrow('No Alertmanager is saved: enter its URL and save first.')
    await e.call('setSettings', { alertmanager: { url: `http://127.0.0.1:${await freePort()}` } })
    const result = (await e.call('alertmanagerTest', {})) as Delivery
    expect(result).toMatchObject({ status: 'failed', httpStatus: null, error: expect.stringMatching(/ECONNREFUSED/) })
  })
})
