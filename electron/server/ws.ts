// The WebSocket at /api/stream: commands in, replies and every contract event out. Each socket
// has an error listener (a bad frame closes that socket with ws's code, never the process),
// messages are capped at MAX_WS_MESSAGE_BYTES, a client that falls too far behind is dropped (1013)
// instead of buffered without end (past its address's or the server's bound, the socket holding
// the most bytes; a client that keeps up is refused in words instead: ws-budget.ts), and a
// ping/pong heartbeat reaps half-open sockets.
// What a client sent reaches the log only clipped and with control characters escaped (clipCell):
// a command name of ANSI escapes and newlines once painted fake lines on the terminal.
import { WebSocketServer, type WebSocket } from 'ws'
import { RequestMessageSchema, commands, events, type EventName, type ResponseMessage } from '../../shared/contract.ts'
import type { IncomingMessage } from 'node:http'
import { BUSY_CODE, BUSY_RETRY_AFTER_MS } from '../../shared/busy.ts'
import { MAX_WS_MESSAGE_BYTES, MAX_WS_WAITING_REQUESTS_PER_ADDRESS } from '../../shared/limits.ts'
import type { Engine } from '../engine/engine.ts'
import { clipCell, quoteCell } from '../engine/market/errors.ts'
import { SECURITY_HEADERS, closeReason } from './reply.ts'
import { createBroadcast } from './broadcast.ts'
import { quietLog, sinceNote, type QuietLogOptions } from './quiet-log.ts'
import { limitKey } from './rate-limit.ts'
import { WsBudget, type Behind, type WsBudgetLimits, type WsBudgetStats } from './ws-budget.ts'
import { WsTurns } from './ws-turns.ts'

/** What a failed command's reply says: an Error's message, or what was thrown, as text. */
function errorText(err: unknown): string {
  const message = (err as { message?: unknown } | null | undefined)?.message
  if (typeof message === 'string') return message
  try {
    return String(err)
  } catch {
    return 'The command failed.' // an object whose toString throws
  }
}

/** A refusal the client may ask again after: the budget's bounds, never the command's own errors. */
function busy(id: number, why: string): ResponseMessage {
  return { id, ok: false, error: why, code: BUSY_CODE, retryAfterMs: BUSY_RETRY_AFTER_MS }
}

/** Every event of the contract goes to every client, as over IPC. */
const STREAMED = Object.keys(events) as EventName[]

export interface StreamOptions {
  engine: Engine
  /** Ping every this many ms; a socket that has not answered the previous ping is terminated. */
  heartbeatMs: number
  log: (line: string) => void
  /** The window of the lines a client's messages cause (quiet-log.ts; tests shorten or lengthen it). */
  quietLog?: QuietLogOptions
  /** The per-socket, per-address and server bounds (ws-budget.ts; tests lower them). */
  budget?: Partial<WsBudgetLimits>
}

export interface Stream {
  wss: WebSocketServer
  /** Commands running and bytes queued for all clients, by the server's own count. */
  stats(): WsBudgetStats
  close(): void
}

export function createStream(o: StreamOptions): Stream {
  const { engine, log } = o
  // What a client's messages make us log is kept to one line of a kind every 10 s (quiet-log.ts).
  const note = quietLog(log, o.quietLog)
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES })
  wss.on('headers', (headers) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.push(`${k}: ${v}`)
  })
  const answered = new WeakSet<WebSocket>()
  const budget = new WsBudget(o.budget)
  const turns = new WsTurns(MAX_WS_WAITING_REQUESTS_PER_ADDRESS)
  // Events are serialised and encoded once for all clients, and not at all while none is connected.
  const broadcast = createBroadcast({ source: engine, events: STREAMED })

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!answered.has(ws)) {
        log('ws: a client did not answer the last ping: connection terminated')
        ws.terminate()
        continue
      }
      answered.delete(ws)
      ws.ping()
    }
  }, o.heartbeatMs)
  heartbeat.unref()

  /** Drops a client too far behind (1013, the reason says which bound); it reconnects if it is alive. */
  function drop(ws: WebSocket, { bound, why }: Behind): void {
    note(`behind:${bound}`, (n) => `ws: a client fell behind: ${why} Connection dropped${sinceNote(n)}.`)
    // Its bytes will never be read: released now, so the next send sees what is really held.
    budget.release(ws)
    ws.close(1013, closeReason(why))
    ws.terminate()
  }

  /**
   * Sends unless a bound is passed: a client past its own bound is dropped; past its address's or
   * the server's, a reply becomes `refuse(why)` and an event drops the socket holding the most bytes
   * there (another one, or this one), then is tried again. A client keeping up is never dropped for
   * bytes other sockets hold.
   */
  function deliver(ws: WebSocket, text: string | Buffer, kind: 'reply' | 'event' | 'refusal' = 'event', refuse?: (why: string) => void): void {
    for (;;) {
      if (ws.readyState !== ws.OPEN) return
      const r = budget.send(ws, text, kind)
      if (!r) return
      if ('refuse' in r) return refuse?.(r.refuse)
      drop(r.drop, r.behind)
      if (r.drop === ws) return
    }
  }

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const address = limitKey(req.socket.remoteAddress ?? 'unknown')
    budget.add(ws, address)
    answered.add(ws)
    ws.on('pong', () => answered.add(ws))
    // Without this listener a bad frame (invalid opcode or UTF-8, an unmasked frame, a message
    // over maxPayload) would throw out of the process; with it ws closes with 1002/1007/1009.
    ws.on('error', (err: unknown) => log(`ws: ${errorText(err)}: connection closed`))
    const off = broadcast.add((data) => deliver(ws, data))
    ws.on('close', () => {
      off()
      budget.release(ws)
    })
    ws.on('message', (raw) => {
      // Frames read with one that got this socket dropped are still emitted: nothing more for it.
      if (ws.readyState !== ws.OPEN) return
      const text = String(raw)
      let msg: unknown
      try {
        msg = JSON.parse(text)
      } catch {
        note('not-json', (n) => `ws: a message that is not JSON was ignored${sinceNote(n)}`)
        return
      }
      // A reply for a socket dropped meanwhile is not even serialised (a candles reply is ~0.9 MB).
      // Past the address's or the server's bound a reply is refused in words (ws-budget.ts send).
      const refusal = (m: ResponseMessage) => ws.readyState === ws.OPEN && deliver(ws, JSON.stringify(m), 'refusal')
      const reply = (m: ResponseMessage) => ws.readyState === ws.OPEN && deliver(ws, JSON.stringify(m), m.ok ? 'reply' : 'refusal', (why) => refusal(busy(m.id, why)))
      const req = RequestMessageSchema.safeParse(msg)
      if (!req.success) {
        // The raw text, cut before anything else reads it: serialising the parsed message again
        // overflowed the stack on an array nested 20,000 deep (JSON.parse takes it, stringify
        // recurses), and four such 40 KB messages made serve's crash guard exit.
        const head = text.slice(0, 400)
        note('invalid', (n) => `ws: invalid request ignored${sinceNote(n)}: ${clipCell(head, 200)}`)
        const id = (msg as { id?: unknown } | null)?.id
        if (typeof id === 'number' && Number.isInteger(id)) reply({ id, ok: false, error: 'Invalid request.' })
        return
      }
      const { id, command, params } = req.data
      // A burst of requests would hold every result at once, read or not: cap what runs per socket,
      // address and server, and compute nothing for a client already too far behind.
      const refused = budget.refuseRequest(ws)
      if (refused) return refused.drop ? drop(ws, refused.drop) : reply(busy(id, refused.why))
      budget.start(ws)
      // Computed in its address's turn (ws-turns.ts), with the bytes checked again then: the replies
      // of the requests read with it are counted by that time.
      turns.run(address, () => {
        const late = ws.readyState === ws.OPEN ? budget.refuseCompute(ws) : { why: 'closed' }
        if (late) {
          budget.done(ws)
          if (late.drop) drop(ws, late.drop)
          else reply(busy(id, late.why))
          return Promise.resolve()
        }
        return engine.call(command, params).then(
          (result) => {
            budget.done(ws)
            reply({ id, ok: true, result })
          },
          (err: unknown) => {
            budget.done(ws)
            // Whatever was thrown (null, a string, an object): reading .message of null threw out of
            // this handler, and an undefined error left the reply without the field the contract needs.
            const message = errorText(err)
            note(`failed:${Object.hasOwn(commands, command) ? command : '?'}`, (n) => `ws: ${quoteCell(command)} failed${sinceNote(n)}: ${clipCell(message, 500)}`)
            reply({ id, ok: false, error: message })
          },
        )
      })
    })
  })

  return {
    wss,
    stats: () => budget.stats(),
    close() {
      clearInterval(heartbeat)
      turns.close()
      for (const client of wss.clients) client.terminate()
      wss.close()
      note.flush()
    },
  }
}
