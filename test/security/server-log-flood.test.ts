// What clients can make serve log at will reaches the log at most once per kind every 10 s, with the
// count held back: 100,000 bad WebSocket messages wrote 100,000 lines before (a journal's or a
// collector's disk), and any web page could add a line per cross-site request it made the browser send.
import os from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Engine } from '../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../electron/server/server.ts'
import { quietLog } from '../../electron/server/quiet-log.ts'
import { portOf, rawRequest } from '../helpers/raw-http.ts'

/** No engine is needed to refuse messages: a stub with no events, whose every command fails. */
const engine = { on: () => () => {}, call: () => Promise.reject(new Error('no engine')), dataDir: os.tmpdir() } as unknown as Engine

let server: RunningServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

describe('quietLog', () => {
  it('logs the first of a kind, then one line every 10 s with the count since', () => {
    const lines: string[] = []
    let t = 0
    const note = quietLog((l) => lines.push(l), { now: () => t })
    for (let i = 0; i < 5; i++) note('a', (n) => `a ${n}`)
    note('b', (n) => `b ${n}`)
    expect(lines).toEqual(['a 1', 'b 1'])
    t = 10_000
    note('a', (n) => `a ${n}`)
    expect(lines).toEqual(['a 1', 'b 1', 'a 5']) // the four held back and this one
    note.flush()
  })

  it('logs the count held back when its window ends, with no further event of the kind', async () => {
    const lines: string[] = []
    const note = quietLog((l) => lines.push(l), { everyMs: 50 })
    for (let i = 0; i < 1000; i++) note('a', (n) => `a ${n}`)
    expect(lines).toEqual(['a 1'])
    await expect.poll(() => lines, { timeout: 10_000, interval: 10 }).toEqual(['a 1', 'a 999'])
    // That line opened a new window: the next one waits for its end too.
    note('a', (n) => `a ${n}`)
    expect(lines).toEqual(['a 1', 'a 999'])
    await expect.poll(() => lines, { timeout: 10_000, interval: 10 }).toEqual(['a 1', 'a 999', 'a 1'])
  })

  it('writes a line that throws as such and still holds the next ones back', () => {
    // A line is built from what a client sent; one that threw escaped to the crash guard, and
    // before the window was set, so every such message threw again.
    const lines: string[] = []
    const note = quietLog((l) => lines.push(l), { now: () => 0 })
    const bad = () => {
      throw new RangeError('Maximum call stack size exceeded')
    }
    expect(() => note('a', bad)).not.toThrow()
    expect(() => note('a', bad)).not.toThrow()
    expect(lines).toEqual(['a log line could not be written: Maximum call stack size exceeded'])
    note.flush()
    expect(lines).toHaveLength(2) // the one held back, written once at flush
  })

  it('flush() logs what is still held back, once', () => {
    const lines: string[] = []
    const note = quietLog((l) => lines.push(l), { everyMs: 3_600_000 })
    for (let i = 0; i < 3; i++) note('a', (n) => `a ${n}`)
    note('b', (n) => `b ${n}`)
    note.flush()
    note.flush()
    expect(lines).toEqual(['a 1', 'b 1', 'a 2'])
  })
})

describe('serve under a flood of bad WebSocket messages', () => {
  // An hour's window: however slowly a loaded machine sends the flood, it stays in one window.
  it('logs a handful of lines, not one per message, and still answers, and the counts at close', async () => {
    const lines: string[] = []
    server = await startServer({ engine, host: '127.0.0.1', port: 0, log: (l) => lines.push(l), quietLog: { everyMs: 3_600_000 } })
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`)
    const replies: Array<{ id: number; ok: boolean }> = []
    ws.on('message', (m) => replies.push(JSON.parse(String(m)) as { id: number; ok: boolean }))
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    for (let i = 0; i < 2000; i++) {
      ws.send('not json')
      ws.send('{"id":"x","command":"health"}')
      if (i < 50) ws.send(JSON.stringify({ id: i, command: 'health' })) // fails: the stub has no engine
    }
    ws.send(JSON.stringify({ id: 9999, command: 'health' }))
    await expect.poll(() => replies.some((r) => r.id === 9999), { timeout: 20_000 }).toBe(true)
    ws.close()
    expect(lines.filter((l) => l.includes('not JSON'))).toHaveLength(1)
    expect(lines.filter((l) => l.includes('invalid request'))).toHaveLength(1)
    expect(lines.filter((l) => l.includes('"health" failed'))).toHaveLength(1)
    expect(lines.length).toBeLessThan(10)
    await server.close()
    server = null
    // The 1,999 held back are counted when the server closes, not lost.
    expect(lines.filter((l) => l.includes('not JSON'))).toEqual([
      'ws: a message that is not JSON was ignored',
      'ws: a message that is not JSON was ignored (1999 since the last such note)',
    ])
  }, 30_000)
})

describe('serve under a flood of cross-site reads', () => {
  it('logs one refusal per API path every 10 s, and one for every made-up path together', async () => {
    const lines: string[] = []
    server = await startServer({ engine, host: '127.0.0.1', port: 0, log: (l) => lines.push(l), quietLog: { everyMs: 3_600_000 } })
    const req = (p: string, last = false) => `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: cross-site\r\n${last ? 'Connection: close\r\n' : ''}\r\n`
    const paths = [...Array.from({ length: 100 }, () => '/api/health'), ...Array.from({ length: 100 }, () => '/metrics'), ...Array.from({ length: 100 }, (_, i) => `/api/made-up-${i}`)]
    const out = await rawRequest(portOf(server.url), paths.map((p, i) => req(p, i === paths.length - 1)).join(''))
    expect(out.match(/HTTP\/1\.1 403 /g)).toHaveLength(300) // every one refused
    const refusals = lines.filter((l) => l.includes('from another site refused'))
    expect(refusals.map((l) => /GET (\S+)/.exec(l)![1])).toEqual(['/api/health', '/metrics', '/api/made-up-0'])
  }, 30_000)
})
