// The engine's events to every WebSocket client: each event is serialised and encoded once, whatever
// the number of clients (every socket is given the same UTF-8 bytes: measuring and encoding the text
// again for each socket cost a pass over a sample per client), and with no client connected the broadcast is not even subscribed to the engine, so a
// sample at rest (every second) costs the server nothing: no listener call, no JSON.
import type { EventName } from '../../shared/contract.ts'

/** What the broadcast listens to: the engine's `on` (returns the unsubscribe). */
export interface EventSource {
  on(event: EventName, listener: (data: unknown) => void): () => void
}

export interface BroadcastOptions {
  source: EventSource
  events: readonly EventName[]
  /** For tests: how a message becomes text (default JSON.stringify). */
  serialize?: (message: { event: EventName; data: unknown }) => string
}

export interface Broadcast {
  /** Adds a client; returns its removal. The first client subscribes to the source, the last one's removal unsubscribes. */
  add(send: (data: Buffer) => void): () => void
  readonly clients: number
}

export function createBroadcast(o: BroadcastOptions): Broadcast {
  const serialize = o.serialize ?? JSON.stringify
  const sinks = new Set<(data: Buffer) => void>()
  let offs: Array<() => void> = []

  const publish = (event: EventName, data: unknown) => {
    if (sinks.size === 0) return
    const bytes = Buffer.from(serialize({ event, data }))
    // A copy: a send may drop its client (too far behind), which removes it from the set.
    for (const send of [...sinks]) send(bytes)
  }

  return {
    add(send) {
      if (sinks.size === 0) offs = o.events.map((event) => o.source.on(event, (data: unknown) => publish(event, data)))
      sinks.add(send)
      let removed = false
      return () => {
        if (removed) return
        removed = true
        sinks.delete(send)
        if (sinks.size > 0) return
        for (const off of offs) off()
        offs = []
      }
    },
    get clients() {
      return sinks.size
    },
  }
}
