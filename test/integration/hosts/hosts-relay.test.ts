// Two real `gapwatch serve` processes: the local one (A, on loopback) watches a remote one (B,
// with a token) through the relay of a host saved in A's hosts.json. Proves the dashboard side
// reads B's data (its data directory), that tokens never come back out of A, that a wrong token,
// a closed port and an untrusted certificate fail in words naming the host, and that A relays
// only hosts saved there.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { HOSTS_FILE } from '../../../electron/server/hosts-store.ts'
import { PublicHostsSchema, relayPath } from '../../../shared/hosts.ts'
import { HealthSchema } from '../../../shared/contract.ts'
import { startServe, tempDir, type Served } from '../../helpers/serve.ts'

import { freePort } from '../prometheus/prometheus-server.ts'
const TOKEN = 'remote-token-0123456789abcdef'

async function saveHost(a: Served, host: { name: string; url: string; token?: string }): Promise<Response> {
  return fetch(`${a.url}/api/hosts`, { method: 'POST', body: JSON.stringify(host), headers: { 'content-type': 'application/json' } })
}

/** Calls one command through A's relay of `name`; resolves with the reply and the first sample event seen. */
function callThroughRelay(a: Served, name: string, command: string): Promise<{ result: unknown; sampled: boolean }> {
  const ws = new WebSocket(`${a.url.replace('http', 'ws')}${relayPath(name)}`)
  return new Promise((resolve, reject) => {
    let result: unknown
    let sampled = false
    const timer = setTimeout(() => reject(new Error('no reply through the relay')), 15_000)
    ws.on('error', reject)
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, command, params: {} })))
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { id?: number; ok?: boolean; result?: unknown; event?: string }
      if (msg.id === 1) result = msg.result
      if (msg.event === 'sample') sampled = true
      if (result !== undefined && sampled) {
        clearTimeout(timer)
        ws.close()
        resolve({ result, sampled })
      }
    })
  })
}

describe('watching another engine through the local one', () => {
  let a: Served
  let b: Served
  beforeAll(async () => {
    ;[a, b] = await Promise.all([startServe(['--interval', '250ms']), startServe(['--interval', '250ms', '--token', TOKEN])])
  })
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()])
  })

  it('saves a host, lists it without its token, and keeps the token on a save without one', async () => {
    expect((await saveHost(a, { name: 'vps', url: b.url, token: TOKEN })).status).toBe(200)
    const listed = PublicHostsSchema.parse(await (await saveHost(a, { name: 'vps', url: b.url })).json())
    expect(listed.hosts).toEqual([{ name: 'vps', url: b.url, tokenSet: true }])
    const body = await (await fetch(`${a.url}/api/hosts`)).text()
    expect(body).not.toContain(TOKEN)
    const file = path.join(a.dataDir, HOSTS_FILE)
    expect(fs.readFileSync(file, 'utf8')).toContain(TOKEN)
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0)
  })

  it('relays the remote engine: its replies (its own data directory) and its live samples', async () => {
    const { result, sampled } = await callThroughRelay(a, 'vps', 'health')
    expect(HealthSchema.parse(result).dataDir).toBe(b.dataDir)
    expect(b.dataDir).not.toBe(a.dataDir)
    expect(sampled).toBe(true)
    expect((await (await fetch(`${a.url}/api/hosts/vps/check`)).json())).toEqual({ ok: true })
  })

  it('says in words, naming the host, when the token is wrong or nothing listens', async () => {
    await saveHost(a, { name: 'wrong', url: b.url, token: 'not-the-right-token-at-all' })
    const wrong = await fetch(`${a.url}/api/hosts/wrong/check`)
    expect(wrong.status).toBe(502)
    expect(((await wrong.json()) as { error: string }).error).toMatch(/^Host "wrong" \(.*\) refused the token \(401\)/)

    await saveHost(a, { name: 'down', url: `http://127.0.0.1:${await freePort()}` })
    const down = await fetch(`${a.url}/api/hosts/down/check`)
    expect(((await down.json()) as { error: string }).error).toMatch(/^Host "down" .* refused the connection: is `gapwatch serve` running/)

    // The relay itself closes the dashboard's socket with the same words.
    const ws = new WebSocket(`${a.url.replace('http', 'ws')}${relayPath('wrong')}`)
    const reason = await new Promise<string>((resolve) => ws.on('close', (_code, r) => resolve(r.toString())))
    expect(reason).toMatch(/Host "wrong".*401/)
  })

  it('relays only saved hosts: a name that is not saved, or a URL in its place, is refused', async () => {
    for (const name of ['nope', 'http://127.0.0.1:1/', b.url]) {
      const ws = new WebSocket(`${a.url.replace('http', 'ws')}${relayPath(name)}`)
      const status = await new Promise<number>((resolve) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('open', () => resolve(101))
        ws.on('error', () => {})
      })
      ws.terminate()
      expect(status).toBe(404)
    }
    expect((await fetch(`${a.url}/api/hosts/nope/check`)).status).toBe(404)
  })

  it('refuses a bad host with a message naming the field, and a cross-site save', async () => {
    const bad = await saveHost(a, { name: 'ftp', url: 'ftp://vps.example' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toMatch(/^Host not saved: url: a URL like/)
    const short = await saveHost(a, { name: 'short', url: b.url, token: 'abc' })
    expect(((await short.json()) as { error: string }).error).toMatch(/token: at least 16 characters/)
    const cross = await fetch(`${a.url}/api/hosts`, { method: 'POST', body: JSON.stringify({ name: 'x', url: b.url }), headers: { origin: 'http://evil.example' } })
    expect(cross.status).toBe(403)
    expect(PublicHostsSchema.parse(await (await fetch(`${a.url}/api/hosts`)).json()).hosts.map((h) => h.name)).not.toContain('x')
  })

  it('names the file and field of a hand-edited hosts.json that is wrong', async () => {
    const dir = tempDir('gw-hosts-bad-')
    fs.writeFileSync(path.join(dir, HOSTS_FILE), JSON.stringify({ hosts: [{ name: 'vps', url: 'gopher://x' }] }))
    const c = await startServe(['--interval', '1s'], dir)
    try {
      const res = await fetch(`${c.url}/api/hosts`)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: string }).error).toMatch(/hosts\.json: hosts\.0\.url: a URL like/)
    } finally {
      await c.stop()
    }
  })
})

let hasOpenssl = true
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' })
} catch {
  hasOpenssl = false
}

// Skipped only where the openssl command is missing: it makes the self-signed certificate.
describe.skipIf(!hasOpenssl)('a remote engine whose certificate is not trusted (needs openssl)', () => {
  it('fails with a TLS message naming the host', async () => {
    const dir = tempDir('gw-hosts-tls-')
    const cert = path.join(dir, 'cert.pem')
    const key = path.join(dir, 'key.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' })
    const [local, remote] = await Promise.all([startServe(['--interval', '1s']), startServe(['--interval', '1s', '--token', TOKEN, '--tls-cert', cert, '--tls-key', key])])
    try {
      await saveHost(local, { name: 'tls', url: remote.url, token: TOKEN })
      const res = await fetch(`${local.url}/api/hosts/tls/check`)
      expect(res.status).toBe(502)
      expect(((await res.json()) as { error: string }).error).toMatch(/^Host "tls" \(https:.*\): the TLS connection failed/)
    } finally {
      await Promise.all([local.stop(), remote.stop()])
    }
  })
})
