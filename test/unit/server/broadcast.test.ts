// The WebSocket broadcast: no client, no subscription and no serialisation (the per-second sample at
// rest costs the server nothing); with clients, one serialisation per event for all of them.
import { describe, expect, it, vi } from 'vitest'
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
    broadcast.add((text) => a.push(text))
    broadcast.add((text) => b.push(text))
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
    broadcast.add((text) => c.push(text))
    engine.emit('sample', { t: 4 })
    expect(c).toEqual(['{"event":"sample","data":{"t":4}}'])
  })

  it('a client removed while an event is delivered does not stop the others getting it', () => {
    const { engine, broadcast } = setup()
    const got: string[] = []
    const removeFirst = broadcast.add(() => removeFirst())
    broadcast.add((text) => got.push(text))
    engine.emit('sample', { t: 5 })
    expect(got).toHaveLength(1)
    expect(broadcast.clients).toBe(1)
  })
})
