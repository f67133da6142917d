// GapwatchClient over the WebSocket of `gapwatch serve`. Reconnects by itself with backoff;
// every reply and event is validated against the shared contract before the app sees it.
import {
  ResponseMessageSchema,
  EventMessageSchema,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type EventName,
  type EventPayload,
  type GapwatchClient,
} from '../../../shared/contract.ts'
import { EventHub, parseResult } from '../../../shared/client-core.ts'
import { replyError } from '../../../shared/busy.ts'

export type ConnectionState = 'connecting' | 'open' | 'closed'

interface PendingCall {
  name: CommandName
  resolve: (v: unknown) => void
  reject: (e: Error) => void
}

export class WsClient implements GapwatchClient {
  readonly transport = 'ws' as const
  private ws: WebSocket | null = null
  private nextId = 1
  private readonly pending = new Map<number, PendingCall>()
  private readonly queue: string[] = []
  private readonly hub = new EventHub()
  private readonly stateListeners = new Set<(s: ConnectionState, wasDown: number | null) => void>()
  private retryMs = 500
  private closed = false
  private downSince: number | null = null
  state: ConnectionState = 'connecting'
  private readonly url: string

  constructor(url: string) {
    this.url = url
    this.connect()
  }

  private connect(): void {
    this.setState('connecting')
    const ws = new WebSocket(this.url)
    this.ws = ws
    ws.onopen = () => {
      this.retryMs = 500
      for (const m of this.queue.splice(0)) ws.send(m)
      this.setState('open')
    }
    ws.onmessage = (e) => this.receive(String(e.data))
    ws.onclose = () => {
      this.ws = null
      for (const [id, p] of this.pending) {
        p.reject(new Error('The connection to Gapwatch was lost.'))
        this.pending.delete(id)
      }
      this.downSince ??= Date.now()
      this.setState('closed')
      if (this.closed) return
      setTimeout(() => this.connect(), this.retryMs)
      this.retryMs = Math.min(this.retryMs * 2, 10_000)
    }
  }

  private setState(s: ConnectionState): void {
    this.state = s
    const down = s === 'open' ? this.downSince : null
    if (s === 'open') this.downSince = null
    for (const l of this.stateListeners) l(s, down)
  }

  /** Connection changes; on reopening, `downSince` tells when the gap began (to refill it from history). */
  onState(listener: (s: ConnectionState, downSince: number | null) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  private receive(text: string): void {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      return console.error('gapwatch: a message that is not JSON was ignored')
    }
    const event = EventMessageSchema.safeParse(msg)
    if (event.success) return this.hub.dispatch(event.data.event, event.data.data)
    const reply = ResponseMessageSchema.safeParse(msg)
    if (!reply.success) return console.error('gapwatch: unexpected message ignored')
    const call = this.pending.get(reply.data.id)
    if (!call) return
    this.pending.delete(reply.data.id)
    if (!reply.data.ok) {
      const { error, code, retryAfterMs } = reply.data
      return call.reject(replyError(error, code, retryAfterMs))
    }
    try {
      call.resolve(parseResult(call.name, reply.data.result))
    } catch (err) {
      call.reject(err as Error)
    }
  }

  call<K extends CommandName>(name: K, params?: CommandParams<K>): Promise<CommandResult<K>> {
    if (name === 'importCsv') return this.upload(params as CommandParams<'importCsv'>) as Promise<CommandResult<K>>
    const id = this.nextId++
    const frame = JSON.stringify({ id, command: name, params: params ?? {} })
    return new Promise<CommandResult<K>>((resolve, reject) => {
      this.pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject })
      if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(frame)
      else this.queue.push(frame)
    })
  }

  /**
   * A CSV import goes as an HTTP upload (POST /api/import?name=…), not in one WebSocket frame: the
   * server caps frames well below a CSV file. The reply is validated like any other.
   */
  private async upload(params: CommandParams<'importCsv'>): Promise<CommandResult<'importCsv'>> {
    const url = new URL('/api/import', this.url.replace(/^ws/, 'http'))
    url.searchParams.set('name', params.name)
    // The zone of the file's times: absent = the symbol's remembered one, empty = UTC.
    if (params.tz !== undefined) url.searchParams.set('tz', params.tz ?? '')
    let res: Response
    try {
      res = await fetch(url, { method: 'POST', body: params.content, credentials: 'include', headers: { 'content-type': 'text/csv' } })
    } catch {
      throw new Error('The connection to Gapwatch was lost.')
    }
    const body: unknown = await res.json().catch(() => null)
    if (!res.ok) {
      const error = (body as { error?: unknown } | null)?.error
      throw new Error(typeof error === 'string' ? error : `The import failed (HTTP ${res.status}).`)
    }
    return parseResult('importCsv', body)
  }

  /** Closes for good (the dashboard switched to another engine): no reconnect. */
  close(): void {
    this.closed = true
    this.ws?.close()
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.hub.on(event, listener)
  }
}
