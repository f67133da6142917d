// Checks of one saved host made while one is running share it: the remote engine (a real local
// HTTP server holding the WebSocket upgrade, test/helpers/held-remote.ts) sees one request, and
// every check gets the answer. Through serve's hosts route and through sharedHostCheck itself; the
// desktop's menu is tested in test/unit/main/hosts-ipc.test.ts.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { sharedHostCheck } from '../../../electron/engine/host-check.ts'
import { createHostsRoute, type HostsRoute } from '../../../electron/server/hosts-route.ts'
import { HostsStore } from '../../../electron/server/hosts-store.ts'
import { startHeldRemote, type HeldRemote } from '../../helpers/held-remote.ts'
import { tempDir } from '../../helpers/temp.ts'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function remote(): Promise<HeldRemote> {
  const r = await startHeldRemote()
  cleanups.push(() => r.close())
  return r
}

describe('sharedHostCheck', () => {
  it('two concurrent checks of one host make one request and both resolve', async () => {
    const r = await remote()
    const check = sharedHostCheck({ timeoutMs: 30_000 })
    const host = { name: 'vps', url: r.url }
    const both = Promise.all([check(host), check({ ...host, name: 'VPS' })])
    await expect.poll(() => r.upgrades(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1)
    r.release()
    await both
    expect(r.upgrades()).toBe(1)
    // once it has finished, the next check is a new request
    await check(host)
    expect(r.upgrades()).toBe(2)
  })

  it('a failure is shared too, and the next check tries again', async () => {
    const gone = await startHeldRemote() // closed at once: nothing listens on its port
    const url = gone.url
    await gone.close()
    const check = sharedHostCheck({ timeoutMs: 30_000 })
    const results = await Promise.allSettled([check({ name: 'down', url }), check({ name: 'down', url })])
    expect(results.map((x) => x.status)).toEqual(['rejected', 'rejected'])
    expect((results[0] as PromiseRejectedResult).reason).toBe((results[1] as PromiseRejectedResult).reason)
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/refused the connection/)
  })

  it('a host saved again with another URL is checked anew, not given the running check', async () => {
    const [r1, r2] = [await remote(), await remote()]
    const check = sharedHostCheck({ timeoutMs: 30_000 })
    const both = Promise.all([check({ name: 'vps', url: r1.url }), check({ name: 'vps', url: r2.url })])
    await expect.poll(() => r1.upgrades() + r2.upgrades(), { timeout: 30_000 }).toBe(2)
    r1.release()
    r2.release()
    await both
  })
})

describe("serve's GET /api/hosts/NAME/check", () => {
  it('two concurrent checks of the same host make one request to it, and both answer 200', async () => {
    const r = await remote()
    const dataDir = tempDir()
    new HostsStore(dataDir).save({ name: 'vps', url: r.url })
    const route: HostsRoute = createHostsRoute({ dataDir, log: () => {}, timeoutMs: 30_000 })
    cleanups.push(() => route.close())
    let entered = 0
    const server = http.createServer((req, res) => {
      entered++
      void route.route(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')).then((done) => done || res.writeHead(404).end())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/hosts/vps/check`
    const answers = Promise.all([fetch(url), fetch(url)])
    // Both requests are in the route (which starts its check before it first waits) before the remote answers.
    await expect.poll(() => entered, { timeout: 30_000 }).toBe(2)
    await expect.poll(() => r.upgrades(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1)
    r.release()
    const replies = await answers
    expect(replies.map((x) => x.status)).toEqual([200, 200])
    expect(await Promise.all(replies.map((x) => x.json()))).toEqual([{ ok: true }, { ok: true }])
    expect(r.upgrades()).toBe(1)
  })
})
