// A saved host's refusal is outside input: its words went into serve's log with line feeds raw, so a
// host answering `403 {"error":"nope\n\x1b[31mgapwatch: SIGTERM: …\r\nfake line"}` wrote lines of its
// own into serve's stderr (journald) that looked like Gapwatch's. The remote's words are now quoted on
// one line (control characters and line breaks escaped, clipped), in the log, the relay's close
// reason and the check's answer alike. A real `gapwatch serve` and a real HTTP server as the host.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { describeRemoteError } from '../../electron/engine/remote-host.ts'
import { relayPath } from '../../shared/hosts.ts'
import { startServe, type Served } from '../helpers/serve.ts'

const FORGED = 'gapwatch: SIGTERM: saving history and stopping…'
const SAID = `nope\n\x1b[31m${FORGED}\x1b[0m\r\nfake line`

describe('describeRemoteError', () => {
  it('quotes the remote’s words on one line, escaped and clipped', () => {
    const message = describeRemoteError({ name: 'evil', url: 'http://127.0.0.1:1' }, { status: 403, body: SAID })
    expect(message).toBe(`Host "evil" (http://127.0.0.1:1) refused the connection (403): nope\\x0a\\x1b[31m${FORGED}\\x1b[0m\\x0d\\x0afake line`)
    expect(describeRemoteError({ name: 'evil', url: 'http://127.0.0.1:1' }, { status: 500, body: 'x'.repeat(5000) })).toHaveLength('Host "evil" (http://127.0.0.1:1) answered HTTP 500: '.length + 201)
  })
})

describe('a saved host whose refusal holds line breaks and escapes', () => {
  let evil: http.Server
  let a: Served
  beforeAll(async () => {
    evil = http.createServer((_req, res) => res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: SAID })))
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
    a = await startServe(['--interval', '1s'])
    const saved = await fetch(`${a.url}/api/hosts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'evil', url: `http://127.0.0.1:${(evil.address() as AddressInfo).port}` }),
    })
    expect(saved.status).toBe(200)
  })
  afterAll(async () => {
    await a?.stop()
    evil.closeAllConnections()
    await new Promise((resolve) => evil.close(resolve))
  })

  it('writes one log line for it, and none the host forged', async () => {
    const ws = new WebSocket(`${a.url.replace('http', 'ws')}${relayPath('evil')}`)
    ws.on('error', () => {})
    const reason = await new Promise<string>((resolve) => ws.on('close', (_code, r) => resolve(r.toString())))
    await expect.poll(() => a.stderr()).toContain('hosts: Host "evil"')
    const lines = a.stderr().split('\n')
    const line = lines.find((l) => l.includes('hosts: Host "evil"'))!
    expect(line).toContain(`nope\\x0a\\x1b[31m${FORGED}`)
    expect(line).toMatch(/fake line$/)
    expect(lines.filter((l) => l.includes(FORGED))).toEqual([line])
    expect(lines).not.toContain('fake line')
    expect(reason).toMatch(/^Host "evil" .* refused the connection \(403\): nope\\x0a/)
  })

  it('answers the check with the same one line', async () => {
    const res = await fetch(`${a.url}/api/hosts/evil/check`)
    expect(res.status).toBe(502)
    const { error } = (await res.json()) as { error: string }
    for (const raw of ['\n', '\r', '\x1b']) expect(error).not.toContain(raw)
    expect(error).toContain('nope\\x0a')
  })
})
