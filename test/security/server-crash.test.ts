// Requests and frames that used to kill `gapwatch serve`: each now gets an error answer (400, or a
// WebSocket close code) and the same process goes on answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MAX_WS_MESSAGE_BYTES } from '../../shared/limits.ts'
import { closeCodeOf, frame, portOf, rawRequest, rawWebSocket, statusOf, upgradeRequest } from '../helpers/raw-http.ts'
import { startServe, type Served } from '../helpers/serve.ts'

const TOKEN = 'crash-test-token-0123456789'
const bearer = { authorization: `Bearer ${TOKEN}` }

describe('gapwatch serve survives malformed requests and frames', () => {
  let served: Served
  let port: number
  beforeAll(async () => {
    // With a token, so that the cookie is read (without one the old code never decoded it).
    served = await startServe(['--interval', '1s', '--token', TOKEN])
    port = portOf(served.url)
  })
  afterAll(async () => {
    await served.stop()
  })

  async function stillServing(): Promise<void> {
    expect(served.child.exitCode).toBeNull()
    expect((await fetch(`${served.url}/api/health`, { headers: bearer })).status).toBe(200)
  }

  it.each([
    ['a % session cookie', '/api/stream', { cookie: 'gapwatch_session=%' }, 401],
    ['a % cookie under the old name', '/api/stream', { cookie: 'gapwatch_token=%; x=%zz' }, 401],
    ['an absolute target with a bad %', 'http://%zz/', bearer, 400],
  ])('answers an upgrade with %s and keeps serving', async (_name, target, headers, status) => {
    const res = await rawRequest(port, upgradeRequest(target, { host: `127.0.0.1:${port}`, ...headers }))
    expect(statusOf(res)).toBe(status)
    await stillServing()
  })

  it('answers 400 to a plain request with a malformed target', async () => {
    const res = await rawRequest(port, `GET http://%zz/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
    expect(statusOf(res)).toBe(400)
    expect(res).toMatch(/malformed/)
    await stillServing()
  })

  it.each([
    ['an invalid opcode', frame(0x3, Buffer.from('x')), 1002],
    ['invalid UTF-8 text', frame(0x1, Buffer.from([0xc3, 0x28, 0xff])), 1007],
    ['an unmasked client frame', frame(0x1, Buffer.from('{}'), { mask: false }), 1002],
    [`a message over ${MAX_WS_MESSAGE_BYTES} bytes`, frame(0x1, Buffer.alloc(MAX_WS_MESSAGE_BYTES + 1, 0x20)), 1009],
  ])('closes the socket on %s with the right code and keeps serving', async (_name, bytes, code) => {
    const ws = await rawWebSocket(port, bearer)
    ws.socket.write(bytes)
    await ws.closed
    expect(closeCodeOf(ws.received())).toBe(code)
    await stillServing()
  })

  it('survives invalid requests nested 20,000 deep and answers the next request on the same socket', async () => {
    // JSON.parse takes such an array (40 KB, far under the message cap); logging it serialised again
    // overflowed the stack, unthrottled, and four such messages made the crash guard exit with 70.
    const deep = `{"id":"x","command":"health","params":${'['.repeat(20_000)}${']'.repeat(20_000)}}`
    const ws = new WebSocket(`${served.url.replace('http', 'ws')}/api/stream`, { headers: bearer })
    const replies: Array<{ id?: number; ok?: boolean }> = []
    ws.on('message', (m) => replies.push(JSON.parse(String(m)) as { id?: number; ok?: boolean }))
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    for (let i = 0; i < 6; i++) ws.send(deep)
    ws.send(JSON.stringify({ id: 7, command: 'health' }))
    await expect.poll(() => replies.find((r) => r.id === 7), { timeout: 20_000 }).toMatchObject({ ok: true })
    ws.close()
    await stillServing()
    expect(served.stderr()).not.toMatch(/uncaught|Maximum call stack/)
    expect(served.stderr()).toMatch(/invalid request ignored/)
  })
})
