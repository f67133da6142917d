// A hostile Alertmanager or webhook receiver answers 200 with an endless body. The senders used to read
// the whole answer into memory until their timeout (hundreds of MB in 10 s on loopback, more on a fast
// machine, again at every resend); they now cancel the body unread, so the peer can push only what the
// socket buffers hold.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AlertmanagerSender } from '../../electron/engine/alerts/alertmanager.ts'
import { WebhookSender } from '../../electron/engine/alerts/webhook.ts'
import type { DeliveryRecord } from '../../electron/engine/alerts/alert-store.ts'
import { RuleSchema, type AlertEvent, type Rule } from '../../shared/alerts.ts'

/** Far more than socket buffers hold, far less than a reader draining the body for seconds takes in. */
const MAX_PUSHED_BYTES = 32 * 1024 * 1024

const servers: http.Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

/** Answers every request 200 with a body that never ends; `pushed` counts the bytes written to each. */
async function floodingPeer() {
  const chunk = Buffer.alloc(256 * 1024, 0x78)
  const peer = { url: '', pushed: 0, closed: 0 }
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const pump = () => {
        while (!res.destroyed && peer.pushed < 4 * MAX_PUSHED_BYTES) {
          peer.pushed += chunk.length
          if (!res.write(chunk)) return
        }
      }
      res.on('drain', pump)
      res.on('close', () => peer.closed++)
      pump()
    })
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return peer
}

const event: AlertEvent = { rule: 'cpu-high', metric: 'cpu.total', severity: 'warning', labels: {}, state: 'firing', activeAt: 1000, firedAt: 2000, resolvedAt: null, value: 93, message: 'CPU 93 %', muted: null, acknowledgedAt: null, notify: true }

describe('alert delivery to a peer that floods its answer', () => {
  it('Alertmanager: delivered, the connection closed without reading the body', async () => {
    const peer = await floodingPeer()
    const log: DeliveryRecord[] = []
    const sender = new AlertmanagerSender({ log: (d) => log.push(d), instance: 'ws1' })
    try {
      sender.setTarget({ url: peer.url, resendSeconds: 3600 })
      sender.onEvent(event)
      await expect.poll(() => peer.closed, { timeout: 15_000 }).toBe(1)
      await sender.idle()
      expect(log).toMatchObject([{ status: 'delivered', httpStatus: 200 }])
      expect(peer.pushed).toBeLessThan(MAX_PUSHED_BYTES)
    } finally {
      await sender.close()
    }
  }, 30_000)

  it('webhook: delivered, the connection closed without reading the body', async () => {
    const peer = await floodingPeer()
    const log: DeliveryRecord[] = []
    const sender = new WebhookSender({ log: (d) => log.push(d) })
    try {
      const rule = RuleSchema.parse({ name: 'cpu-high', metric: 'cpu.total', threshold: 90, severity: 'warning', webhook: { url: `${peer.url}/hook`, timeout: '10s', retries: 0 } }) as Rule
      sender.send(event, rule)
      await expect.poll(() => peer.closed, { timeout: 15_000 }).toBe(1)
      await expect.poll(() => log.length).toBe(1)
      expect(log[0]).toMatchObject({ status: 'delivered', httpStatus: 200 })
      expect(peer.pushed).toBeLessThan(MAX_PUSHED_BYTES)
    } finally {
      await sender.close()
    }
  }, 30_000)
})
