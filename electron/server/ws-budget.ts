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

interface SocketHeld extends Held {
  address: string
  ws: WebSocket
  /** Dropped or closed: its bytes were released at once, its send callbacks count nothing. */
  gone: boolean
}

/**
 * What `send` did: sent; refused (a reply that would put its address or the server past a bound:
 * the caller answers `why` in words instead, and the socket stays open); or `drop`, the socket to
 * drop (which may be another one of the same address or server: the one holding the most bytes).
 */
export type SendResult = null | { refuse: string } | { drop: WebSocket; behind: Behind }

/** What a socket with nothing waiting is told when its address or the server holds too many bytes. */
export function busyWhy(bound: 'address' | 'server', address: string): string {
  return bound === 'address'
    ? `The server is busy sending earlier replies to this address (${address}); try again.`
    : 'The server is busy sending earlier replies; try again.'
}

export class WsBudget {
  private readonly total: Held = { pending: 0, queued: 0 }
  private peak = 0
  private readonly byAddress = new Map<string, Held>()
  private readonly bySocket = new WeakMap<WebSocket, SocketHeld>()
  /** The open sockets, to find the one holding the most bytes past an address or server bound. */
  private readonly open = new Set<SocketHeld>()
  readonly limits: WsBudgetLimits

  constructor(limits: Partial<WsBudgetLimits> = {}) {
    this.limits = { ...WS_BUDGET_LIMITS, ...limits }
  }

  add(ws: WebSocket, address: string): void {
    const s: SocketHeld = { pending: 0, queued: 0, address, ws, gone: false }
    this.bySocket.set(ws, s)
    this.open.add(s)
  }

  /**
   * Forgets the bytes queued for `ws` at once (it is being dropped or has closed: they will never be
   * read); its commands still running are counted until `done`. Safe to call more than once.
   */
  release(ws: WebSocket): void {
    const s = this.bySocket.get(ws)
    if (!s || s.gone) return
    s.gone = true
    this.open.delete(s)
    const a = this.byAddress.get(s.address)
    if (a) {
      a.queued -= s.queued
      this.forget(s.address, a)
    }
    this.total.queued -= s.queued
    s.queued = 0
  }

  private held(ws: WebSocket): [SocketHeld, Held] {
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
   * Why a request from `ws` is not computed now (`drop`: its own replies are already too far behind,
   * so a refusal would only queue more), or null when it may run (then `start` and `done` follow).
   * Past the address's or the server's bound of bytes the request is refused in words: the socket
   * asking may be keeping up, and the bytes are another socket's.
   */
  refuseRequest(ws: WebSocket): { why: string; drop?: Behind } | null {
    const [s, a] = this.held(ws)
    const l = this.limits
    const why =
      s.pending >= l.pendingPerSocket
        ? `Too many requests at once (${l.pendingPerSocket}): wait for replies.`
        : a.pending >= l.pendingPerAddress
          ? `Too many requests at once from ${s.address} (${l.pendingPerAddress} on all its connections): wait for replies.`
          : this.total.pending >= l.pendingTotal
            ? `Too many requests at once on this server (${l.pendingTotal}): retry in a second.`
            : null
    this.forget(s.address, a)
    const bytes = this.refuseCompute(ws)
    if (bytes?.drop) return bytes
    return why ? { why } : bytes
  }

  /**
   * The same for the bytes alone, checked again as a request admitted earlier is about to be
   * computed (ws-turns.ts): the replies of the requests before it are counted by then.
   */
  refuseCompute(ws: WebSocket): { why: string; drop?: Behind } | null {
    const [s, a] = this.held(ws)
    const own = this.ownBehind(s, 0)
    const scope = this.scopeOver(a, 0)
    this.forget(s.address, a)
    if (own) return { why: own.why, drop: own }
    return scope ? { why: busyWhy(scope, s.address) } : null
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

  /** Past its own bound: only counts when something is queued already (one message always goes). */
  private ownBehind(s: SocketHeld, bytes: number): Behind | null {
    const l = this.limits
    if (s.queued > 0 && s.queued + bytes >= l.queuedPerSocket) return { bound: 'socket', why: `Too far behind (${s.queued} bytes unread, at most ${l.queuedPerSocket}): reconnect.` }
    return null
  }

  /** Which shared bound `bytes` more would pass (the address's or the server's), if any. */
  private scopeOver(a: Held, bytes: number): 'address' | 'server' | null {
    const l = this.limits
    if (a.queued > 0 && a.queued + bytes >= l.queuedPerAddress) return 'address'
    if (this.total.queued > 0 && this.total.queued + bytes >= l.queuedTotal) return 'server'
    return null
  }

  /** The open socket of `address` (or of the whole server) holding the most queued bytes. */
  private largest(address: string | null): SocketHeld | null {
    let max: SocketHeld | null = null
    for (const s of this.open) if ((address === null || s.address === address) && s.queued > 0 && (!max || s.queued > max.queued)) max = s
    return max
  }

  /**
   * Sends `text` to `ws`, counted until it has gone. A socket past its own bound is dropped. Past the
   * address's or the server's bound, a reply (`kind` 'reply') is refused in words, never dropped; an
   * event goes to a socket with nothing queued, and otherwise the socket holding the most bytes of
   * that address or server is dropped (the caller drops it, releases it, and sends again).
   */
  send(ws: WebSocket, text: string | Buffer, kind: 'reply' | 'event' | 'refusal' = 'event'): SendResult {
    const [s, a] = this.held(ws)
    if (s.gone) {
      this.forget(s.address, a)
      return null
    }
    // An event comes encoded once for all sockets (broadcast.ts): its length is known.
    const bytes = typeof text === 'string' ? Buffer.byteLength(text) : text.length
    const own = this.ownBehind(s, bytes)
    if (own) {
      this.forget(s.address, a)
      return { drop: ws, behind: own }
    }
    // A refusal is a few hundred bytes, one per request at most: it passes the shared bounds.
    const scope = kind === 'refusal' ? null : this.scopeOver(a, bytes)
    if (scope === 'address' || scope === 'server') {
      if (kind === 'reply') {
        this.forget(s.address, a)
        return { refuse: busyWhy(scope, s.address) }
      }
      if (s.queued > 0) {
        const v = this.largest(scope === 'address' ? s.address : null) ?? s
        const held = scope === 'address' ? (this.byAddress.get(v.address)?.queued ?? 0) : this.total.queued
        const limit = scope === 'address' ? this.limits.queuedPerAddress : this.limits.queuedTotal
        const whose = scope === 'address' ? `by ${v.address}` : 'on this server'
        this.forget(s.address, a)
        return { drop: v.ws, behind: { bound: scope, why: `Too far behind (${v.queued} bytes unread here, ${held} ${whose}, at most ${limit}): reconnect.` } }
      }
    }
    s.queued += bytes
    a.queued += bytes
    this.total.queued += bytes
    this.peak = Math.max(this.peak, this.total.queued)
    // UTF-8 bytes go as a text frame, as the string would.
    ws.send(text, { binary: false }, () => {
      if (s.gone) return
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
