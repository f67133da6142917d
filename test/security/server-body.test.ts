// Small JSON bodies (login, a saved host) are bounded in BYTES, not characters: a body of
// multi-byte characters over the bound by bytes but under it by characters is refused with 413.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readJsonBody } from '../../electron/server/json-body.ts'
import { MAX_HOST_BODY_BYTES, MAX_LOGIN_BODY_BYTES } from '../../shared/limits.ts'
import { startServe, type Served } from '../helpers/serve.ts'
import { dripRequest } from '../helpers/raw-http.ts'

describe('readJsonBody (a real local HTTP server)', () => {
  let server: http.Server
  let url: string
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      void readJsonBody(req, 16, '{"a": 1}').then((body) => {
        const status = body.ok ? 200 : body.rejection.status
        res.writeHead(status, { 'content-type': 'application/json', ...(body.ok ? {} : body.rejection.headers) })
        res.end(JSON.stringify(body.ok ? { value: body.value } : { error: body.rejection.message }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  /** Sends the body in the chunks given (each its own write), and reads the status and JSON reply. */
  function post(chunks: Buffer[]): Promise<{ status: number; body: { value?: unknown; error?: string } }> {
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST' }, (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { value?: unknown; error?: string } }))
      })
      req.on('error', reject)
      for (const c of chunks) req.write(c)
      req.end()
    })
  }

  it('takes a body of exactly the bound', async () => {
    const text = JSON.stringify({ a: 'x'.repeat(8) }) // 16 bytes
    expect(Buffer.byteLength(text)).toBe(16)
    expect(await post([Buffer.from(text)])).toEqual({ status: 200, body: { value: { a: 'x'.repeat(8) } } })
  })

  it('refuses with 413 a body over the bound by bytes but not by characters', async () => {
    const text = JSON.stringify({ a: 'éééééé' }) // 14 characters, 20 bytes
    expect(text.length).toBeLessThanOrEqual(16)
    expect(Buffer.byteLength(text)).toBeGreaterThan(16)
    const r = await post([Buffer.from(text)])
    expect(r.status).toBe(413)
    expect(r.body.error).toBe('Send {"a": 1}: at most 16 bytes.')
  })

  it('reads a multi-byte character split across two chunks intact', async () => {
    const bytes = Buffer.from(JSON.stringify({ a: 'é€' }))
    const cut = bytes.indexOf(Buffer.from('€')) + 1 // inside the euro sign's three bytes
    expect(await post([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual({ status: 200, body: { value: { a: 'é€' } } })
  })

  it('answers 400 naming the shape for a body that is not JSON', async () => {
    expect(await post([Buffer.from('{a')])).toEqual({ status: 400, body: { error: 'Send {"a": 1} as JSON.' } })
  })
})

describe('gapwatch serve: the login and hosts bodies are bounded in bytes', () => {
  const TOKEN = 'body-test-token-0123456789'
  let served: Served
  beforeAll(async () => {
    served = await startServe(['--interval', '1s', '--token', TOKEN])
  }, 30_000)
  afterAll(() => served.stop())

  it(`login: a token of euro signs under ${MAX_LOGIN_BODY_BYTES} characters but over ${MAX_LOGIN_BODY_BYTES} bytes gets 413`, async () => {
    const body = JSON.stringify({ token: '€'.repeat(1400) })
    expect(body.length).toBeLessThan(MAX_LOGIN_BODY_BYTES)
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_LOGIN_BODY_BYTES)
    const res = await fetch(`${served.url}/api/login`, { method: 'POST', body })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ error: 'Send {"token": "..."}: at most 4 KiB.' })
  })

  it(`hosts: a host of euro signs under ${MAX_HOST_BODY_BYTES} characters but over ${MAX_HOST_BODY_BYTES} bytes gets 413, and nothing is saved`, async () => {
    const auth = { authorization: `Bearer ${TOKEN}` }
    const body = JSON.stringify({ name: 'big', url: 'http://vps.example:8787', token: '€'.repeat(2800) })
    expect(body.length).toBeLessThan(MAX_HOST_BODY_BYTES)
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_HOST_BODY_BYTES)
    const res = await fetch(`${served.url}/api/hosts`, { method: 'POST', body, headers: { ...auth, 'content-type': 'application/json' } })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: string }).error).toMatch(/at most 8 KiB/)
    expect(await (await fetch(`${served.url}/api/hosts`, { headers: auth })).json()).toEqual({ hosts: [] })
  })
})

// 128 login bodies sending a space every 5 s held a client address's sockets for Node's 300 s request
// timeout, past the 15 s header limit (no token needed). A body now has JSON_BODY_TIMEOUT_MS in all
// (injected short here): then 408, and the connection closes, freeing its socket.
describe('readJsonBody: a body that does not arrive in time', () => {
  const TIMEOUT_MS = 1500
  let server: http.Server
  let port: number
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      void readJsonBody(req, 4096, '{"a": 1}', TIMEOUT_MS).then((body) => {
        const status = body.ok ? 200 : body.rejection.status
        res.writeHead(status, { 'content-type': 'application/json', ...(body.ok ? {} : body.rejection.headers) })
        res.end(JSON.stringify(body.ok ? { value: body.value } : { error: body.rejection.message }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  /** Sends headers promising 4000 bytes, then `parts` `everyMs` apart; resolves with the reply once the server closes the socket. */
  function slowPost(parts: string[], everyMs: number): Promise<string> {
    return dripRequest(port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n', parts, everyMs)
  }

  it('a body that sends part and stops gets 408 and its connection is closed', async () => {
    const reply = await slowPost(['{'], 0) // resolves only once the server has closed the socket
    expect(reply).toMatch(/^HTTP\/1\.1 408 /)
    expect(reply).toContain(`The request body did not arrive within ${TIMEOUT_MS / 1000} s: send {\\"a\\": 1} at once.`)
  }, 20_000)

  it('a body that keeps dribbling a byte (never silent long) is ended all the same: the bound is on the whole body', async () => {
    const parts = ['{', ...Array.from<string>({ length: 200 }).fill(' ')] // 200 bytes a tenth of the bound apart: far past it
    const reply = await slowPost(parts, TIMEOUT_MS / 10)
    expect(reply).toMatch(/^HTTP\/1\.1 408 /)
  }, 20_000)
})
