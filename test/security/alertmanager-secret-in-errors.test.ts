// The Alertmanager token is write-only (shared/settings-secrets.ts): no client reads it back. But
// fetch refuses a header value holding a line break or NUL with a message that QUOTES the value, and
// that message was the delivery's `error`: a token pasted with a line break in it was written in
// clear into the delivery log and handed to every client (alertsDeliveries, the Settings card).
// Now a failure's words never carry the Authorization value. A real Engine; nothing listens at the
// Alertmanager's address (the request is refused before it is sent either way).
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { AlertmanagerSender } from '../../electron/engine/alerts/alertmanager.ts'
import type { DeliveryRecord } from '../../electron/engine/alerts/alert-store.ts'
import type { AlertEvent, Delivery } from '../../shared/alerts.ts'
import { tempDir } from '../helpers/temp.ts'
import { NO_GPU } from '../helpers/gpu.ts'

const SECRET = 'am-secret-first-half\nam-secret-second-half'
const cleanups: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('an Alertmanager token never shows in a delivery error', () => {
  it('the test alert: failed in words, and neither its reply nor the delivery log holds the token', async () => {
    const e = new Engine({ dataDir: tempDir('gw-am-secret-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => e.stop())
    await e.call('setSettings', { alertmanager: { url: 'http://127.0.0.1:9', auth: { type: 'bearer', token: SECRET } } })
    const result = (await e.call('alertmanagerTest', {})) as Delivery
    expect(result.status).toBe('failed')
    expect(result.error).toMatch(/invalid header value/)
    const everything = JSON.stringify([result, await e.call('alertsDeliveries', {})])
    expect(everything).not.toContain('am-secret')
  })

  it('the sender: a failed delivery logged without the token', async () => {
    const log: DeliveryRecord[] = []
    const sender = new AlertmanagerSender({ log: (d) => log.push(d), instance: 'ws1' })
    cleanups.push(() => sender.close())
    sender.setTarget({ url: 'http://127.0.0.1:9', auth: { type: 'bearer', token: SECRET }, resendSeconds: 60 })
    const event: AlertEvent = { rule: 'cpu-high', metric: 'cpu.total', severity: 'warning', labels: {}, state: 'firing', activeAt: 1000, firedAt: 2000, resolvedAt: null, value: 93, message: 'CPU 93 %', muted: null, acknowledgedAt: null, notify: true }
    sender.onEvent(event)
    await expect.poll(() => log.length, { timeout: 30_000 }).toBeGreaterThan(0)
    expect(log[0]).toMatchObject({ status: 'failed', rule: 'cpu-high' })
    expect(JSON.stringify(log)).not.toContain('am-secret')
  })
})
