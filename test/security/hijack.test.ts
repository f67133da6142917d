// Cross-site WebSocket hijacking and DNS rebinding, tried by a real Chromium page: a page served
// from another origin cannot open the stream, post a login or an import, change settings, or make
// the engine answer API reads (an opaque no-cors GET); a rebound Host name is refused; and the
// dashboard on its own origin still works under its CSP.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Browser } from 'playwright-core'
import { ensureBuilt, launchBrowser, newPage } from '../e2e/setup.ts'
import { portOf, rawRequest, statusOf } from '../helpers/raw-http.ts'
import { startServe, type Served } from '../helpers/serve.ts'

/** The attacker's page: everything it tries, and what it saw. */
const EVIL_PAGE = `<!doctype html><title>evil</title><script>
window.attack = async (target) => {
  const seen = { wsOpened: false, wsMessages: 0, wsClosed: false, fetches: [], reads: [] }
  await new Promise((done) => {
    const ws = new WebSocket(target.replace('http', 'ws') + '/api/stream')
    ws.onopen = () => {
      seen.wsOpened = true
      ws.send(JSON.stringify({ id: 1, command: 'setSettings', params: { workers: 64 } }))
      ws.send(JSON.stringify({ id: 2, command: 'snapshot' }))
    }
    ws.onmessage = () => seen.wsMessages++
    ws.onclose = () => { seen.wsClosed = true; done() }
    setTimeout(done, 3000)
  })
  const post = async (path, body, type) => {
    try {
      const r = await fetch(target + path, { method: 'POST', body, mode: 'no-cors', headers: { 'content-type': type } })
      seen.fetches.push(r.type)
    } catch (e) {
      seen.fetches.push('error')
    }
  }
  await post('/api/import?name=EVIL.csv', 'timestamp,open,high,low,close\\n1704067200000,1,2,0.5,1.5\\n1704070800000,1,2,0.5,1.5', 'text/plain')
  await post('/api/login', '{"token":"x"}', 'text/plain')
  // GETs in no-cors mode send no Origin, and their answers are opaque: only the server can tell.
  for (const path of ['/api/query?metrics=cpu.total&points=5000', '/api/inventory', '/metrics']) {
    try {
      const r = await fetch(target + path, { mode: 'no-cors' })
      seen.reads.push(r.type)
    } catch (e) {
      seen.reads.push('error')
    }
  }
  return seen
}
</script>`

function getSettings(url: string): Promise<unknown> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`)
  return new Promise((resolve, reject) => {
    ws.on('error', reject)
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, command: 'getSettings' })))
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { id?: number; result?: unknown }
      if (m.id !== 1) return
      ws.close()
      resolve(m.result)
    })
  })
}

describe('a page at another origin cannot drive gapwatch serve', () => {
  let served: Served
  let browser: Browser
  let evil: http.Server
  let evilUrl: string
  const hits: string[] = []
  beforeAll(async () => {
    await ensureBuilt()
    ;[served, browser] = await Promise.all([startServe(['--interval', '500ms']), launchBrowser()])
    evil = http.createServer((req, res) => {
      hits.push(req.url ?? '')
      res.writeHead(200, { 'content-type': 'text/html' }).end(EVIL_PAGE)
    })
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r))
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
    await new Promise((r) => evil?.close(r))
  })

  it('refuses the WebSocket and the POSTs, and the settings stay as they were', async () => {
    const before = await getSettings(served.url)
    const page = await newPage(browser)
    await page.goto(evilUrl)
    expect(hits).toContain('/')
    const seen = (await page.evaluate(`window.attack(${JSON.stringify(served.url)})`)) as {
      wsOpened: boolean
      wsMessages: number
      fetches: string[]
      reads: string[]
    }
    expect(seen.wsOpened).toBe(false)
    expect(seen.wsMessages).toBe(0)
    expect(seen.fetches).toHaveLength(2) // both posts went out (their answers are opaque to the page)
    expect(await getSettings(served.url)).toEqual(before)
    expect(fs.existsSync(path.join(served.dataDir, 'imports', 'EVIL.csv'))).toBe(false)
    expect(served.stderr()).not.toMatch(/EVIL/)
    // Each read went out and was refused before the engine ran it: one refusal logged per read.
    expect(seen.reads).toHaveLength(3)
    const refusals = served.stderr().match(/GET \/(api\/query|api\/inventory|metrics) from another site refused \(Sec-Fetch-Site: same-site\)/g) ?? []
    expect(refusals).toHaveLength(3)
    await page.context().close()
  }, 60_000)

  it('refuses a rebound name (Host: evil.example) with 403', async () => {
    const res = await rawRequest(portOf(served.url), 'GET /api/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n')
    expect(statusOf(res)).toBe(403)
    expect(res).toMatch(/--allowed-host evil\.example/)
  })

  it('still serves the dashboard on its own origin, live, with no CSP violation', async () => {
    const page = await newPage(browser)
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
    })
    await page.goto(served.url)
    await expect.poll(() => page.getByTestId('cpu-value').textContent(), { timeout: 20_000 }).toMatch(/%$/)
    expect(await page.evaluate('document.readyState')).toBe('complete')
    expect(violations).toEqual([])
    await page.context().close()
  }, 60_000)
})
