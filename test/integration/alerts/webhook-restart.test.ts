// A webhook delivery the engine's stop cuts (the receiver was restarting) is sent again by the next
// start: the alert was saved as notified, so the evaluator never announces it again by itself.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import type { DeliveryRecord } from '../../../electron/engine/alerts/alert-store.ts'
import type { AlertmanagerPayload } from '../../../electron/engine/alerts/webhook.ts'
import type { Sample } from '../../../shared/sample.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { memSample } from '../../helpers/mem-sample.ts'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('webhook delivery across a restart', () => {
  it('a firing alert whose delivery the stop cut is delivered after the restart, and the cut is logged as such', async () => {
    let status = 503 // the receiver is restarting
    const got: Array<{ status: number; body: AlertmanagerPayload }> = []
    const server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        got.push({ status, body: JSON.parse(body) as AlertmanagerPayload })
        res.writeHead(status).end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => server.close(r)))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
    const dataDir = tempDir('gw-webhook-restart-')

    const e1 = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    await e1.call('rulesSave', { rule: { name: 'mem-hook', metric: 'mem.used_pct', threshold: 90, severity: 'critical', webhook: { url, timeout: '1s', retries: 10 } } })
    ;(e1 as unknown as { onSample(s: Sample): void }).onSample(memSample(Date.now(), 95))
    await expect.poll(() => got.length, { timeout: 20_000, interval: 50 }).toBeGreaterThan(0)
    await e1.stop()
    const sentBefore = got.length
    expect(got.every((g) => g.status === 503 && g.body.status === 'firing')).toBe(true)

    status = 200 // the receiver is back
    const e2 = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => e2.stop())
    const cut = ((await e2.call('alertsDeliveries', {})) as DeliveryRecord[]).find((d) => d.rule === 'mem-hook')
    expect(cut).toMatchObject({ status: 'failed', error: expect.stringMatching(/^stopped after \d+ of 11 attempts .*sent again at the next start$/) as string })
    await expect.poll(() => got.slice(sentBefore).filter((g) => g.status === 200).length, { timeout: 20_000, interval: 50 }).toBe(1)
    const resent = got.slice(sentBefore).find((g) => g.status === 200)!
    expect(resent.body).toMatchObject({ status: 'firing', groupLabels: { alertname: 'mem-hook' } })
    await expect.poll(async () => ((await e2.call('alertsDeliveries', {})) as DeliveryRecord[])[0], { timeout: 20_000, interval: 50 }).toMatchObject({ rule: 'mem-hook', status: 'delivered', httpStatus: 200 })
    // delivered: nothing is owed any more, so a third start sends nothing
    await e2.stop()
    cleanups.pop()
    const sentAfter = got.length
    const e3 = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanups.push(() => e3.stop())
    const active = (await e3.call('alertsActive', {})) as Array<{ rule: string; state: string }>
    expect(active.find((a) => a.rule === 'mem-hook')).toMatchObject({ state: 'firing' })
    await e3.stop()
    cleanups.pop()
    expect(got.length).toBe(sentAfter)
  }, 60_000)
})
