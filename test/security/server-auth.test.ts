// Auth hardening: failed attempts rate-limited per address (429 + Retry-After, logged), tokens of
// at least 16 characters (or generated), a random in-memory session id in the cookie (never the
// token) that can be dropped, malformed cookies harmless, and optional TLS.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MAX_AUTH_FAILURES_PER_MINUTE, MIN_TOKEN_LENGTH } from '../../shared/limits.ts'
import { Auth } from '../../electron/server/auth.ts'
import { FailureLimiter } from '../../electron/server/rate-limit.ts'
import type { IncomingMessage } from 'node:http'
import { runToEnd, startServe, tempDir, type Served } from '../helpers/serve.ts'

const TOKEN = 'auth-test-token-0123456789'

function fakeRequest(headers: Record<string, string>, address = '10.0.0.7'): IncomingMessage {
  return { headers, socket: { remoteAddress: address } } as unknown as IncomingMessage
}

describe('failure rate limit (injected clock)', () => {
  it('blocks an address after the limit until its oldest failure leaves the window', () => {
    let now = 1_000_000
    const limiter = new FailureLimiter({ max: 3, windowMs: 60_000, now: () => now })
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedForMs('a')).toBe(0)
      limiter.fail('a')
      now += 1000
    }
    expect(limiter.blockedForMs('a')).toBe(57_000)
    expect(limiter.blockedForMs('b')).toBe(0)
    now += 57_000
    expect(limiter.blockedForMs('a')).toBe(0)
  })

  it('answers 429 with Retry-After past the limit, logs every failure, and lets the address in after a minute', () => {
    let now = 0
    const lines: string[] = []
    const auth = new Auth({ token: TOKEN, secure: false, log: (l) => lines.push(l), now: () => now })
    const wrong = fakeRequest({ authorization: 'Bearer nope' })
    for (let i = 0; i < MAX_AUTH_FAILURES_PER_MINUTE; i++) expect(auth.check(wrong)?.status).toBe(401)
    expect(lines).toHaveLength(MAX_AUTH_FAILURES_PER_MINUTE)
    expect(lines[0]).toMatch(/wrong bearer token from 10\.0\.0\.7/)
    const blocked = auth.check(fakeRequest({ authorization: `Bearer ${TOKEN}` }))
    expect(blocked).toMatchObject({ status: 429, headers: { 'retry-after': '60' } })
    expect(auth.login('10.0.0.7', TOKEN)).toMatchObject({ status: 429 })
    expect(auth.check(fakeRequest({ authorization: `Bearer ${TOKEN}` }, '10.0.0.8'))).toBeNull() // another address
    now += 60_001
    expect(auth.check(fakeRequest({ authorization: `Bearer ${TOKEN}` }))).toBeNull()
  })

  // `bearer TOKEN` (the scheme in lower case, as some clients send it) was refused as a wrong token.
  it('takes the Bearer scheme in any case, and nothing but Bearer', () => {
    const auth = new Auth({ token: TOKEN, secure: false, log: () => {} })
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) expect(auth.check(fakeRequest({ authorization: `${scheme} ${TOKEN}` }))).toBeNull()
    for (const authorization of [`Basic ${TOKEN}`, `Bearer${TOKEN}`, TOKEN, `Bearer ${TOKEN}x`]) expect(auth.check(fakeRequest({ authorization }, '10.0.0.9'))?.status).toBe(401)
  })

  it('never throws on a malformed cookie', () => {
    const auth = new Auth({ token: TOKEN, secure: false, log: () => {} })
    for (const cookie of ['gapwatch_session=%', 'gapwatch_session=%zz%; a', '=;;=', 'gapwatch_session', '\u0000'])
      expect(auth.check(fakeRequest({ cookie }))?.status).toBe(401)
  })
})

describe('gapwatch serve with a token', () => {
  let served: Served
  beforeAll(async () => {
    served = await startServe(['--interval', '1s', '--token', TOKEN])
  })
  afterAll(async () => {
    await served.stop()
  })
  const health = (headers: Record<string, string> = {}) => fetch(`${served.url}/api/health`, { headers })

  it('keeps the session in a random id, drops it on logout, and still takes the bearer token for /metrics', async () => {
    const login = await fetch(`${served.url}/api/login`, { method: 'POST', body: JSON.stringify({ token: TOKEN }) })
    expect(login.status).toBe(204)
    const setCookie = login.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^gapwatch_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/)
    expect(setCookie).not.toContain(TOKEN)
    const cookie = setCookie.split(';')[0]
    expect((await health({ cookie })).status).toBe(200)
    const ws = new WebSocket(`${served.url.replace('http', 'ws')}/api/stream`, { headers: { cookie } })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    ws.close()
    expect((await fetch(`${served.url}/api/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204)
    const after = await health({ cookie })
    expect(after.status).toBe(401)
    expect(after.headers.get('set-cookie')).toMatch(/^gapwatch_session=; .*Max-Age=0/)
    expect((await fetch(`${served.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
    expect((await health({ cookie: `gapwatch_token=${TOKEN}` })).status).toBe(401) // the old token cookie is gone
  })

  it('answers 429 with Retry-After after repeated failures from one address, and logs them', async () => {
    // The stale session above already counted as one failure: guess until refused.
    let refusedAfter = 0
    for (; refusedAfter <= MAX_AUTH_FAILURES_PER_MINUTE; refusedAfter++) {
      if ((await health({ authorization: 'Bearer wrong-guess' })).status !== 401) break
    }
    expect(refusedAfter).toBeLessThan(MAX_AUTH_FAILURES_PER_MINUTE)
    expect(served.stderr().match(/^auth: .* from /gm)?.length).toBe(MAX_AUTH_FAILURES_PER_MINUTE)
    const blocked = await health({ authorization: 'Bearer another-guess' })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await blocked.json()).toMatchObject({ error: expect.stringMatching(/Too many failed attempts/) })
    const login = await fetch(`${served.url}/api/login`, { method: 'POST', body: JSON.stringify({ token: TOKEN }) })
    expect(login.status).toBe(429)
  })
})

describe('token rules at start', () => {
  it(`refuses a token shorter than ${MIN_TOKEN_LENGTH} characters, with a hint`, async () => {
    const dir = tempDir()
    try {
      const r = await runToEnd(['serve', '--port', '0', '--data-dir', dir, '--token', 'short'])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/5 characters long; use at least 16.*--token generate/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('generates a token with --token generate, prints it once on stderr, and uses it', async () => {
    const served = await startServe(['--interval', '1s', '--token', 'generate'])
    try {
      const printed = served.stderr().match(/generated token.*: ([\w-]+)$/m)
      expect(printed?.[1]).toMatch(/^[\w-]{32}$/)
      expect(served.stderr().split(printed![1]).length).toBe(2) // printed exactly once
      expect((await fetch(`${served.url}/api/health`)).status).toBe(401)
      expect((await fetch(`${served.url}/api/health`, { headers: { authorization: `Bearer ${printed![1]}` } })).status).toBe(200)
    } finally {
      await served.stop()
    }
  })
})

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

// Skipped only where the openssl command is missing: it makes the self-signed certificate.
describe.skipIf(!hasOpenssl)('gapwatch serve over TLS (needs openssl for a self-signed certificate)', () => {
  let dir: string
  let cert: string
  let key: string
  beforeAll(() => {
    dir = tempDir('gw-tls-')
    cert = path.join(dir, 'cert.pem')
    key = path.join(dir, 'key.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' })
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('serves HTTPS and WSS, with a Secure session cookie', async () => {
    const served = await startServe(['--interval', '1s', '--token', TOKEN, '--tls-cert', cert, '--tls-key', key])
    const tls = { ca: fs.readFileSync(cert), checkServerIdentity: () => undefined }
    const request = (p: string, method = 'GET', body?: string) =>
      new Promise<{ status: number; cookie: string | undefined }>((resolve, reject) => {
        const req = https.request(`${served.url}${p}`, { method, ...tls }, (res) => {
          res.resume()
          resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0] })
        })
        req.on('error', reject)
        req.end(body)
      })
    try {
      expect(served.url).toMatch(/^https:\/\//)
      const login = await request('/api/login', 'POST', JSON.stringify({ token: TOKEN }))
      expect(login.status).toBe(204)
      expect(login.cookie).toMatch(/; HttpOnly; SameSite=Strict; Path=\/; Secure$/)
      const ws = new WebSocket(`${served.url.replace('https', 'wss')}/api/stream`, { ...tls, headers: { cookie: login.cookie!.split(';')[0] } })
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      ws.close()
    } finally {
      await served.stop()
    }
  })

  it('wants both files and names one it cannot read', async () => {
    const only = await runToEnd(['serve', '--port', '0', '--data-dir', dir, '--tls-cert', cert])
    expect(only.code).not.toBe(0)
    expect(only.stderr).toMatch(/--tls-cert and --tls-key go together/)
    const missing = path.join(dir, 'nope.pem')
    const unreadable = await runToEnd(['serve', '--port', '0', '--data-dir', dir, '--tls-cert', cert, '--tls-key', missing])
    expect(unreadable.code).not.toBe(0)
    expect(unreadable.stderr).toContain(`--tls-key: ${missing}: no such file`)
  })
})
