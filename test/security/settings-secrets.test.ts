// The Alertmanager password and bearer token never leave the engine: getSettings, setSettings' reply
// and the `settings` event carry a redacted view (flags instead of secrets), over a real engine and
// over every frame of a real `gapwatch serve` WebSocket; a patch that omits the secret, or sends the
// redacted view back (as the Settings view does), keeps it, so the Alertmanager delivery still
// authenticates; null clears a password; a changed Alertmanager origin does not inherit the secret.
import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { Engine } from '../../electron/engine/engine.ts'
import type { Sample } from '../../shared/sample.ts'
import { tempDir } from '../helpers/temp.ts'
import { startServe } from '../helpers/serve.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { memSample } from '../helpers/mem-sample.ts'

const TOKEN = 'tok-9f3a1c-SECRET'
const PASSWORD = 'pw-71be0d-SECRET'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A stand-in Alertmanager that records the Authorization header of every POST. */
async function recordingServer(): Promise<{ url: string; auths: Array<string | undefined> }> {
  const auths: Array<string | undefined> = []
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      auths.push(req.headers.authorization)
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise((r) => server.close(r)))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, auths }
}

function engine(): Engine {
  const e = new Engine({ dataDir: tempDir('gw-secrets-'), scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  cleanups.push(() => e.stop())
  return e
}

const stored = (e: Engine) => e.settings.get().alertmanager

describe('settings secrets stay in the engine', () => {
  it('getSettings, the setSettings reply and the settings event hold flags, never the token or password', async () => {
    const e = engine()
    const events: unknown[] = []
    e.on('settings', (s) => events.push(s))
    const replies: unknown[] = []
    replies.push(await e.call('setSettings', { alertmanager: { url: 'http://127.0.0.1:9093', auth: { type: 'bearer', token: TOKEN } } }))
    replies.push(await e.call('getSettings', {}))
    expect(replies[1]).toMatchObject({ alertmanager: { url: 'http://127.0.0.1:9093', auth: { type: 'bearer', tokenSet: true } } })
    replies.push(await e.call('setSettings', { alertmanager: { url: 'http://127.0.0.1:9093', auth: { type: 'basic', username: 'gw', password: PASSWORD } } }))
    replies.push(await e.call('getSettings', {}))
    expect(replies[3]).toMatchObject({ alertmanager: { auth: { type: 'basic', username: 'gw', passwordSet: true } } })
    expect(events).toHaveLength(2)
    const sent = JSON.stringify([replies, events])
    expect(sent).not.toContain(TOKEN)
    expect(sent).not.toContain(PASSWORD)
    expect(sent).not.toMatch(/"(password|token)"/)
    // ...while the engine still holds the secret
    expect(stored(e)?.auth).toEqual({ type: 'basic', username: 'gw', password: PASSWORD })
  })

  it('a patch of resendSeconds only, or the redacted view sent back, keeps the token: delivery still authenticates', async () => {
    const am = await recordingServer()
    const e = engine()
    await e.call('setSettings', { alertmanager: { url: am.url, auth: { type: 'bearer', token: TOKEN }, resendSeconds: 1 } })
    await e.call('rulesSave', { rule: { name: 'memory-high', metric: 'mem.used_pct', threshold: 90, severity: 'critical' } })
    ;(e as unknown as { onSample(s: Sample): void }).onSample(memSample(Date.now() - 2000, 95))
    await expect.poll(() => am.auths.length, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0)

    // the whole redacted view back, as Settings.tsx saves its draft, with only resendSeconds changed
    const view = (await e.call('getSettings', {})) as { alertmanager: Record<string, unknown> }
    await e.call('setSettings', { ...view, alertmanager: { ...view.alertmanager, resendSeconds: 2 } })
    expect(stored(e)).toEqual({ url: am.url, auth: { type: 'bearer', token: TOKEN }, resendSeconds: 2 })
    const before = am.auths.length
    await expect.poll(() => am.auths.length, { timeout: 15_000, interval: 100 }).toBeGreaterThan(before)
    expect(new Set(am.auths)).toEqual(new Set([`Bearer ${TOKEN}`]))

    // a patch that leaves alertmanager out does not touch it
    await e.call('setSettings', { workers: 2 })
    expect(stored(e)?.auth).toEqual({ type: 'bearer', token: TOKEN })
  }, 40_000)

  it('a basic-auth password is kept when omitted, replaced by a new value, cleared by null', async () => {
    const e = engine()
    const url = 'http://127.0.0.1:9093'
    await e.call('setSettings', { alertmanager: { url, auth: { type: 'basic', username: 'gw', password: PASSWORD } } })
    await e.call('setSettings', { alertmanager: { url, auth: { type: 'basic', username: 'ops', passwordSet: true }, resendSeconds: 30 } })
    expect(stored(e)).toEqual({ url, auth: { type: 'basic', username: 'ops', password: PASSWORD }, resendSeconds: 30 })
    await e.call('setSettings', { alertmanager: { url, auth: { type: 'basic', username: 'ops', password: 'new' } } })
    expect(stored(e)?.auth).toEqual({ type: 'basic', username: 'ops', password: 'new' })
    await e.call('setSettings', { alertmanager: { url, auth: { type: 'basic', username: 'ops', password: null } } })
    expect(stored(e)?.auth).toEqual({ type: 'basic', username: 'ops', password: '' })
    expect(await e.call('getSettings', {})).toMatchObject({ alertmanager: { auth: { passwordSet: false } } })
  })

  it('a stored secret does not follow the target to another origin, and a bearer token cannot be cleared', async () => {
    const e = engine()
    await e.call('setSettings', { alertmanager: { url: 'http://127.0.0.1:9093', auth: { type: 'bearer', token: TOKEN } } })
    await expect(e.call('setSettings', { alertmanager: { url: 'http://evil.example:9093', auth: { type: 'bearer', tokenSet: true } } })).rejects.toThrow(
      /alertmanager\.auth\.token: required.*same Alertmanager origin/,
    )
    await expect(e.call('setSettings', { alertmanager: { url: 'http://127.0.0.1:9093', auth: { type: 'bearer', token: null } } })).rejects.toThrow(
      /alertmanager\.auth\.token: a bearer token cannot be cleared/,
    )
    expect(stored(e)).toEqual({ url: 'http://127.0.0.1:9093', auth: { type: 'bearer', token: TOKEN }, resendSeconds: 60 })
    // removing auth removes the secret
    await e.call('setSettings', { alertmanager: { url: 'http://127.0.0.1:9093' } })
    expect(stored(e)?.auth).toBeUndefined()
  })

  it('over a real gapwatch serve WebSocket no frame ever carries the secret', async () => {
    const served = await startServe()
    cleanups.push(() => served.stop())
    const ws = new WebSocket(`${served.url.replace('http', 'ws')}/api/stream`)
    cleanups.push(async () => ws.close())
    const frames: string[] = []
    const replies = new Map<number, { result?: unknown; error?: unknown }>()
    ws.on('message', (raw) => {
      const text = String(raw)
      frames.push(text)
      const m = JSON.parse(text) as { id?: number; result?: unknown; error?: unknown }
      if (typeof m.id === 'number') replies.set(m.id, m)
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    const url = 'http://127.0.0.1:9093'
    const commands = [
      { command: 'setSettings', params: { alertmanager: { url, auth: { type: 'bearer', token: TOKEN } } } },
      { command: 'getSettings', params: {} },
      { command: 'setSettings', params: { alertmanager: { url, auth: { type: 'basic', username: 'gw', password: PASSWORD } } } },
      { command: 'setSettings', params: { alertmanager: { url, auth: { type: 'basic', username: 'gw', passwordSet: true }, resendSeconds: 5 } } },
      { command: 'getSettings', params: {} },
    ]
    commands.forEach((c, i) => ws.send(JSON.stringify({ id: i + 1, ...c })))
    await expect.poll(() => replies.size, { timeout: 15_000, interval: 100 }).toBe(commands.length)
    expect([...replies.values()].filter((r) => r.error !== undefined)).toEqual([])
    expect(replies.get(2)?.result).toMatchObject({ alertmanager: { auth: { type: 'bearer', tokenSet: true } } })
    expect(replies.get(5)?.result).toMatchObject({ alertmanager: { resendSeconds: 5, auth: { type: 'basic', username: 'gw', passwordSet: true } } })
    // the settings events were broadcast too (one per setSettings)
    await expect.poll(() => frames.filter((f) => f.includes('"settings"') && !/"id":/.test(f)).length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(3)
    const all = frames.join('\n')
    expect(all).not.toContain(TOKEN)
    expect(all).not.toContain(PASSWORD)
  }, 60_000)
})
