// What the WebSocket clients of one address (rate-limit.ts limitKey: an address, an IPv6 /64) and of
// the whole server may hold: commands running and bytes queued for them. The per-socket bounds in
// ws.ts alone let 120 sockets that never read each fall 8 MiB behind (and run 64 commands) before
// being dropped: serve grew from 117 MB to 2.37 GB. Bytes are counted from ws.send until its
// callback (the data went to the network or the socket closed), so the count is our own queue.
import type { WebSocket } from 'ws'
import {
  MAX_WS_BUFFERED_BYTES,
  MAX_WS_PENDING_REQUESTS,
  MAX_WS_PENDING_REQUESTS_PER_ADDRESS,
  MAX_WS_PENDING_REQUESTS_TOTAL,
  MAX_WS_QUEUED_BYTES,
  MAX_WS_QUEUED_BYTES_PER_ADDRESS,
} from '../../shared/limits.ts'

export interface WsBudgetLimits {
  pendingPerSocket: number
  pendingPerAddress: number
  pendingTotal: number
  queuedPerSocket: number
  queuedPerAddress: number
  queuedTotal: number
}

export const WS_BUDGET_LIMITS: WsBudgetLimits = {
  pendingPerSocket: MAX_WS_PENDING_REQUESTS,
  pendingPerAddress: MAX_WS_PENDING_REQUESTS_PER_ADDRESS,
  pendingTotal: MAX_WS_PENDING_REQUESTS_TOTAL,
  queuedPerSocket: MAX_WS_BUFFERED_BYTES,
  queuedPerAddress: MAX_WS_QUEUED_BYTES_PER_ADDRESS,
  queuedTotal: MAX_WS_QUEUED_BYTES,
}

/** Which bound a client is past, and the words its close reason and the log give. */
export interface Behind {
  bound: 'socket' | 'address' | 'server'
  why: string
}

interface Held {
  pending: number
  queued: number
}

export interface WsBudgetStats {
  queuedBytes: number
  /** The most ever queued at once (what the bounds are checked against). */
  peakQueuedBytes: number
  pending: number
  /** The address holding most queued bytes, and how many. */
  maxQueuedPerAddress: number
}

export class WsBudget {
  private readonly total: Held = { pending: 0, queued: 0 }
  private peak = 0
  private readonly byAddress = new Map<string, Held>()
  private readonly bySocket = new WeakMap<WebSocket, Held & { address: string }>()
  readonly limits: WsBudgetLimits

  constructor(limits: Partial<WsBudgetLimits> = {}) {
    this.limits = { ...WS_BUDGET_LIMITS, ...limits }
  }

  add(ws: WebSocket, address: string): void {
    this.bySocket.set(ws, { pending: 0, queued: 0, address })
  }

  private held(ws: WebSocket): [Held & { address: string }, Held] {
    const s = this.bySocket.get(ws)
    if (!s) throw new Error('a WebSocket the budget does not know')
    let a = this.byAddress.get(s.address)
    if (!a) this.byAddress.set(s.address, (a = { pending: 0, queued: 0 }))
    return [s, a]
  }

  private forget(address: string, a: Held): void {
    if (a.pending === 0 && a.queued === 0) this.byAddress.delete(address)
  }

  /**
   * Why a request from `ws` is not computed now (`drop`: because replies are already too far behind,
   * so a refusal would only queue more), or null when it may run (then `start` and `done` follow).
   */
  refuseRequest(ws: WebSocket): { why: string; drop?: Behind } | null {
    const [s, a] = this.held(ws)
    const l = this.limits
    const behind = this.overQueued(s, a, 0)
    const why =
      s.pending >= l.pendingPerSocket
        ? `Too many requests at once (${l.pendingPerSocket}): wait for replies.`
        : a.pending >= l.pendingPerAddress
          ? `Too many requests at once from ${s.address} (${l.pendingPerAddress} on all its connections): wait for replies.`
          : this.total.pending >= l.pendingTotal
            ? `Too many requests at once on this server (${l.pendingTotal}): retry in a second.`
            : null
    this.forget(s.address, a)
    if (behind) return { why: behind.why, drop: behind }
    return why ? { why } : null
  }

  start(ws: WebSocket): void {
    const [s, a] = this.held(ws)
    s.pending++
    a.pending++
    this.total.pending++
  }

  done(ws: WebSocket): void {
    const [s, a] = this.held(ws)
    s.pending--
    a.pending--
    this.total.pending--
    this.forget(s.address, a)
  }

  /**
   * Why `bytes` more may not be queued for `ws` (it is then dropped), or null. What is over a bound
   * only counts when something is queued already: one message always goes to a client that reads.
   */
  private overQueued(s: Held & { address: string }, a: Held, bytes: number): Behind | null {
    const l = this.limits
    if (s.queued > 0 && s.queued + bytes >= l.queuedPerSocket) return { bound: 'socket', why: `Too far behind (${s.queued} bytes unread, at most ${l.queuedPerSocket}): reconnect.` }
    if (a.queued > 0 && a.queued + bytes >= l.queuedPerAddress) return { bound: 'address', why: `Too far behind (${a.queued} bytes unread by ${s.address}, at most ${l.queuedPerAddress}): reconnect.` }
    if (this.total.queued > 0 && this.total.queued + bytes >= l.queuedTotal) return { bound: 'server', why: `Server too far behind (${this.total.queued} bytes unread, at most ${l.queuedTotal}): reconnect.` }
    return null
  }

  /** Sends `text` to `ws`, counted until it has gone; or returns why not (the caller drops `ws`). */
  send(ws: WebSocket, text: string): Behind | null {
    const [s, a] = this.held(ws)
    const bytes = Buffer.byteLength(text)
    const why = this.overQueued(s, a, bytes)
    if (why) {
      this.forget(s.address, a)
      return why
    }
    s.queued += bytes
    a.queued += bytes
    this.total.queued += bytes
    this.peak = Math.max(this.peak, this.total.queued)
    ws.send(text, () => {
      s.queued -= bytes
      a.queued -= bytes
      this.total.queued -= bytes
      this.forget(s.address, a)
    })
    return null
  }

  stats(): WsBudgetStats {
    let max = 0
    for (const a of this.byAddress.values()) max = Math.max(max, a.queued)
    return { queuedBytes: this.total.queued, peakQueuedBytes: this.peak, pending: this.total.pending, maxQueuedPerAddress: max }
  }
}
