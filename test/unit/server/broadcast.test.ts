// The WebSocket broadcast: no client, no subscription and no serialisation (the per-second sample at
// rest costs the server nothing); with clients, one serialisation and one encoding per event for all.
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { Engine } from '../../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../../electron/server/server.ts'
import { tempDir } from '../../helpers/temp.ts'
import { Emitter } from '../../../shared/emitter.ts'
import type { EventName } from '../../../shared/contract.ts'
import { createBroadcast, type EventSource } from '../../../electron/server/broadcast.ts'

type Events = { sample: { t: number }; telemetry: { t: number } }
const EVENTS = ['sample', 'telemetry'] as EventName[]

function setup() {
  const engine = new Emitter<Events>()
  const serialize = vi.fn((m: { event: EventName; data: unknown }) => JSON.stringify(m))
  const broadcast = createBroadcast({ source: engine as unknown as EventSource, events: EVENTS, serialize })
  return { engine, serialize, broadcast }
}

describe('createBroadcast', () => {
  it('does no work for an event while no client is connected', () => {
    const { engine, serialize } = setup()
    for (let t = 0; t < 10; t++) engine.emit('sample', { t })
    expect(serialize).not.toHaveBeenCalled()
    expect(engine.listenerCount('sample')).toBe(0)
  })

  it('serialises each event once for all clients, and each client gets it', () => {
    const { engine, serialize, broadcast } = setup()
    const a: string[] = []
    const b: string[] = []
    broadcast.add((data) => a.push(String(data)))
    broadcast.add((data) => b.push(String(data)))
    engine.emit('sample', { t: 1 })
    engine.emit('telemetry', { t: 2 })
    expect(serialize).toHaveBeenCalledTimes(2)
    expect(a).toEqual(['{"event":"sample","data":{"t":1}}', '{"event":"telemetry","data":{"t":2}}'])
    expect(b).toEqual(a)
    expect(engine.listenerCount('sample')).toBe(1)
  })

  it('unsubscribes when the last client leaves, and subscribes again for the next', () => {
    const { engine, serialize, broadcast } = setup()
    const removeA = broadcast.add(() => {})
    const removeB = broadcast.add(() => {})
    removeA()
    removeA() // twice is harmless
    expect(engine.listenerCount('sample')).toBe(1)
    removeB()
    expect(broadcast.clients).toBe(0)
    expect(engine.listenerCount('sample')).toBe(0)
    expect(engine.listenerCount('telemetry')).toBe(0)
    engine.emit('sample', { t: 3 })
    expect(serialize).not.toHaveBeenCalled()
    const c: string[] = []
    broadcast.add((data) => c.push(String(data)))
    engine.emit('sample', { t: 4 })
    expect(c).toEqual(['{"event":"sample","data":{"t":4}}'])
  })

  it('a client removed while an event is delivered does not stop the others getting it', () => {
    const { engine, broadcast } = setup()
    const got: string[] = []
    const removeFirst = broadcast.add(() => removeFirst())
    broadcast.add((data) => got.push(String(data)))
    engine.emit('sample', { t: 5 })
    expect(got).toHaveLength(1)
    expect(broadcast.clients).toBe(1)
  })
})

describe('an event to many WebSocket clients', () => {
  let server: RunningServer | null = null
  const sockets: WebSocket[] = []
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate()
    await server?.close()
    server = null
    vi.restoreAllMocks()
  })

  it('is measured and encoded once, not once per socket', async () => {
    // The engine is not under test: a stub whose sample the test emits.
    const engine = new Emitter<Events>()
    const stub = { on: engine.on.bind(engine), call: () => Promise.resolve(null), dataDir: tempDir('gw-broadcast-') } as unknown as Engine
    server = await startServer({ engine: stub, host: '127.0.0.1', port: 0, log: () => {} })
    const got: string[] = []
    for (let i = 0; i < 8; i++) {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`)
      sockets.push(ws)
      ws.on('message', (m) => got.push(String(m)))
      await new Promise((resolve) => ws.on('open', resolve))
    }
    await expect.poll(() => engine.listenerCount('sample'), { timeout: 10_000 }).toBe(1)
    // Spies, not stand-ins: both still do their work; only the passes over this event's text are counted.
    const text = JSON.stringify({ event: 'sample', data: { t: 42 } })
    const byteLength = vi.spyOn(Buffer, 'byteLength')
    const from = vi.spyOn(Buffer, 'from')
    engine.emit('sample', { t: 42 })
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(8)
    expect(got).toEqual(Array(8).fill(text))
    const passes = [...byteLength.mock.calls, ...from.mock.calls].filter(([arg]) => arg === text)
    expect(passes).toHaveLength(1)
  })
})
