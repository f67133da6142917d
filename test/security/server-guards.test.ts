// Host and Origin checks on every request and upgrade (DNS rebinding, cross-site WebSocket
// hijacking, cross-site POSTs), and the security headers on every response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { portOf, rawHead, rawRequest, statusOf, upgradeRequest } from '../helpers/raw-http.ts'
import { startServe, type Served } from '../helpers/serve.ts'

describe('gapwatch serve checks Host and Origin', () => {
  let served: Served
  let port: number
  beforeAll(async () => {
    served = await startServe(['--interval', '1s', '--allowed-host', 'gw.example.net', '--allowed-origin', 'https://dash.example.org:8443'])
    port = portOf(served.url)
  })
  afterAll(async () => {
    await served.stop()
  })

  const get = async (path: string, host: string) => {
    const res = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
    return { status: statusOf(res), text: res }
  }
  const upgrade = async (headers: Record<string, string>) => statusOf(await rawHead(port, upgradeRequest('/api/stream', headers)))

  it('refuses a rebound name on requests and upgrades with 403 naming --allowed-host', async () => {
    for (const path of ['/api/health', '/', '/metrics']) {
      const res = await get(path, `evil.example:${port}`)
      expect(res.status).toBe(403)
      expect(res.text).toMatch(/evil\.example.*--allowed-host evil\.example/)
    }
    expect(await upgrade({ host: `evil.example:${port}` })).toBe(403)
  })

  it.each(['localhost', 'app.localhost', '127.0.0.1', '127.0.0.2', '[::1]', '192.168.1.20', 'gw.example.net', 'GW.Example.Net.'])(
    'lets Host %s through',
    async (name) => {
      expect((await get('/api/health', `${name}:${port}`)).status).toBe(200)
    },
  )

  // A second Host header, or an absolute-form target (`GET http://evil.example/…`, whose authority
  // RFC 9112 says wins over Host), named another host than the one checked: both were answered 200.
  it('answers 400 to two Host headers, and to a target naming another host than Host, on requests and upgrades', async () => {
    const two = await rawRequest(port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`)
    expect(statusOf(two)).toBe(400)
    expect(two).toContain('more than one Host header')
    const abs = await rawRequest(port, `GET http://evil.example/api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
    expect(statusOf(abs)).toBe(400)
    expect(abs).toContain('names the host \\"evil.example\\"')
    expect((await get(`http://127.0.0.1:${port}/api/health`, `127.0.0.1:${port}`)).status).toBe(200) // the same host: fine
    const up = upgradeRequest('/api/stream', { host: `127.0.0.1:${port}` }).replace('\r\n\r\n', `\r\nHost: evil.example:${port}\r\n\r\n`)
    expect(statusOf(await rawHead(port, up))).toBe(400)
  })

  // URL drops a default port (`http://h:80/` has host "h"), while Host keeps what the client sent:
  // the same authority spelt two ways was refused as another host.
  it('takes an absolute-form target on the default port, or with a trailing dot, as the Host it names', async () => {
    const req = (target: string, host: string) => rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
    expect(statusOf(await req('http://127.0.0.1:80/api/health', '127.0.0.1:80'))).toBe(200)
    expect(statusOf(await req('http://127.0.0.1/api/health', '127.0.0.1:80'))).toBe(200)
    expect(statusOf(await req('http://127.0.0.1:80/api/health', '127.0.0.1'))).toBe(200)
    expect(statusOf(await req('http://LOCALHOST./api/health', 'localhost'))).toBe(200)
    expect(statusOf(await req('http://127.0.0.1:81/api/health', '127.0.0.1:80'))).toBe(400)
    expect(statusOf(await req('https://127.0.0.1/api/health', '127.0.0.1'))).toBe(400) // 443, not 80
    expect(statusOf(await req('ws://127.0.0.1/api/health', '127.0.0.1:80'))).toBe(200) // ws: is port 80 too
    expect(statusOf(await req('wss://127.0.0.1/api/health', '127.0.0.1'))).toBe(400)
  })

  it('answers 400 to a request without Host', async () => {
    expect(statusOf(await rawRequest(port, 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n'))).toBe(400)
    expect(statusOf(await rawRequest(port, 'GET /api/health HTTP/1.0\r\n\r\n'))).toBe(400)
  })

  it('checks Origin on upgrades: own and configured origins pass, others and "null" get 403', async () => {
    const host = `127.0.0.1:${port}`
    expect(await upgrade({ host, origin: `http://${host}` })).toBe(101)
    expect(await upgrade({ host, origin: 'https://dash.example.org:8443' })).toBe(101)
    expect(await upgrade({ host })).toBe(101) // no Origin: not a browser (see guards.ts)
    expect(await upgrade({ host, origin: 'http://evil.example' })).toBe(403)
    expect(await upgrade({ host, origin: `http://localhost:${port}` })).toBe(403) // another origin than the Host's
    expect(await upgrade({ host, origin: 'null' })).toBe(403)
  })

  it('checks Origin on state-changing requests, and on API reads that carry one', async () => {
    const post = (path: string, origin?: string) =>
      fetch(`${served.url}${path}`, { method: 'POST', body: '{"token":"x"}', headers: origin ? { origin } : {} })
    expect((await post('/api/login', 'http://evil.example')).status).toBe(403)
    expect((await post('/api/import?name=X.csv', 'http://evil.example')).status).toBe(403)
    expect((await post('/api/login', served.url)).status).toBe(204)
    expect((await post('/api/login')).status).toBe(204)
    expect((await fetch(`${served.url}/api/health`, { headers: { origin: 'http://evil.example' } })).status).toBe(403)
    expect((await fetch(`${served.url}/metrics`, { headers: { origin: 'http://evil.example' } })).status).toBe(403)
    expect((await fetch(`${served.url}/api/health`, { headers: { origin: served.url } })).status).toBe(200)
  })

  it('refuses cross-site browser reads of the API and /metrics (Fetch Metadata), not pages or clients without it', async () => {
    const read = (path: string, site?: string) => fetch(`${served.url}${path}`, { headers: site ? { 'sec-fetch-site': site } : {} })
    for (const path of ['/api/health', '/api/query?metrics=cpu.total', '/api/inventory', '/metrics']) {
      expect((await read(path, 'cross-site')).status).toBe(403)
      expect((await read(path, 'same-site')).status).toBe(403) // another port of 127.0.0.1 is same-site
      expect((await read(path, 'same-origin')).status).toBe(200)
      expect((await read(path, 'none')).status).toBe(200) // typed in the address bar
      expect((await read(path)).status).toBe(200) // curl, Prometheus
    }
    // A CORS read from a dashboard given with --allowed-origin carries its Origin, and passes.
    const allowed = await fetch(`${served.url}/api/health`, { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://dash.example.org:8443' } })
    expect(allowed.status).toBe(200)
    // A link to the dashboard from another site still opens it.
    expect((await read('/', 'cross-site')).status).not.toBe(403)
    // Logged once per path every 10 s (quiet-log.ts): an earlier test's refusal of /metrics may be the line.
    expect(served.stderr()).toMatch(/GET \/metrics from another site refused \((Sec-Fetch-Site: cross-site|Origin: http:\/\/evil\.example)\)/)
  })

  it('sends the security headers on every response', async () => {
    for (const path of ['/api/health', '/', '/api/nope']) {
      const res = await fetch(`${served.url}${path}`)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("base-uri 'none'")
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    }
    const refused = await get('/api/health', 'evil.example')
    expect(refused.text.toLowerCase()).toContain('x-content-type-options: nosniff')
  })
})
