// Events for the window, held until its page has loaded. The engine warns while it opens (a
// quarantined database, a broken rules file) before any window exists; `webContents.send` to no
// window, or to a page still loading, would drop them. Notices (warning, error) are queued — a
// bounded number, oldest dropped first — and delivered in order once the page reports
// `did-finish-load`; live data (samples, pool stats) is not worth replaying and is skipped until then.
import type { WebContents } from 'electron'
import type { EventName } from '../../shared/contract.ts'
import { IPC_EVENT } from '../../shared/ipc.ts'

const QUEUED_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['warning', 'error'])
const MAX_QUEUED = 200

export interface RendererOutbox {
  /** Follows a window's page: it is ready once loaded, not while it (re)loads. Call right after creating it. */
  attach(wc: WebContents): void
  /** Sends to `wc` when its page is ready; otherwise queues notices. */
  send(wc: WebContents | null, event: EventName, data: unknown): void
  /** How many events wait for a page (for tests and the log). */
  readonly pending: number
}

export function createRendererOutbox(o: { max?: number } = {}): RendererOutbox {
  const max = o.max ?? MAX_QUEUED
  const ready = new WeakSet<WebContents>()
  const attached = new WeakSet<WebContents>()
  const queue: Array<{ event: EventName; data: unknown }> = []
  const deliver = (wc: WebContents, event: EventName, data: unknown) => wc.send(IPC_EVENT, { event, data })
  return {
    attach(wc) {
      if (attached.has(wc)) return
      attached.add(wc)
      wc.on('did-start-loading', () => ready.delete(wc))
      wc.on('did-finish-load', () => {
        ready.add(wc)
        for (const m of queue.splice(0)) if (!wc.isDestroyed()) deliver(wc, m.event, m.data)
      })
    },
    send(wc, event, data) {
      // A window the outbox was never told about is taken as ready, as before the outbox existed.
      if (wc && !wc.isDestroyed() && (ready.has(wc) || !attached.has(wc))) return deliver(wc, event, data)
      if (!QUEUED_EVENTS.has(event)) return
      queue.push({ event, data })
      if (queue.length > max) queue.shift()
    },
    get pending() {
      return queue.length
    },
  }
}

/** Warnings the engine raised while it opened, before anyone listened: queued for the first page. */
export function queueStartupWarnings(outbox: RendererOutbox, engine: { readonly startupWarnings: readonly string[] }): void {
  for (const message of engine.startupWarnings) outbox.send(null, 'warning', { source: 'startup', message })
}
