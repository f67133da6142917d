// A command that fails with something other than an Error (null, a string, a plain object) gets an
// error reply with text, and the server goes on: `(err as Error).message` threw on null out of the
// rejection handler, and left the reply without its error field for a string.
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Engine } from '../../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../../electron/server/server.ts'
import { tempDir } from '../../helpers/temp.ts'

let server: RunningServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

describe('the WebSocket when a command throws a non-Error', () => {
  it('replies with the thrown value as text and keeps answering', async () => {
    const thrown: unknown[] = [null, 'disk gone', { code: 7 }, undefined, new Error('plain')]
    // A stub engine (the engine is not under test, the stream's failure path is): each call rejects with the next value.
    let i = 0
    const engine = {
      on: () => () => {},
      call: () => Promise.reject(thrown[i++]),
      dataDir: tempDir('gw-ws-errors-'),
    } as unknown as Engine
    const lines: string[] = []
    server = await startServer({ engine, host: '127.0.0.1', port: 0, log: (l) => lines.push(l), quietLog: { everyMs: 0 } })
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`)
    const replies: unknown[] = []
    ws.on('message', (m) => replies.push(JSON.parse(String(m))))
    await new Promise((resolve) => ws.on('open', resolve))
    for (let id = 1; id <= thrown.length; id++) {
      ws.send(JSON.stringify({ id, command: 'status', params: {} }))
      await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(id)
    }
    expect(replies).toEqual([
      { id: 1, ok: false, error: 'null' },
      { id: 2, ok: false, error: 'disk gone' },
      { id: 3, ok: false, error: '[object Object]' },
      { id: 4, ok: false, error: 'undefined' },
      { id: 5, ok: false, error: 'plain' },
    ])
    expect(lines.filter((l) => /ws: "status" failed/.test(l))).toHaveLength(5)
    ws.terminate()
  })
})
