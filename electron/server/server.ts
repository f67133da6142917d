// `gapwatch serve`: the engine behind HTTP (JSON API, the built dashboard, Prometheus /metrics)
// and a WebSocket at /api/stream carrying the shared contract (commands in, events out).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { RequestMessageSchema, events, type EventName, type ResponseMessage } from '../../shared/contract.ts'
import type { Sample } from '../../shared/sample.ts'
import type { Engine } from '../engine/engine.ts'
import { renderPrometheus } from '../engine/metrics/prometheus.ts'
import { authorized, checkExposure, loginCookie, matches } from './auth.ts'
import { serveStatic } from './static.ts'

export interface ServerOptions {
  engine: Engine
  host: string
  port: number
  token?: string
  /** The built renderer (out/renderer); absent → the API only. */
  staticDir?: string
  log?: (line: string) => void
}

export interface RunningServer {
  url: string
  port: number
  close(): Promise<void>
}

/** Every event of the contract goes to every client, as over IPC. */
const STREAMED = Object.keys(events) as EventName[]

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { engine, token } = options
  const log = options.log ?? (() => {})
  checkExposure(options.host, token)
  let latest: Sample | null = null
  let self: Record<string, number> = {}
  const offs = [
    engine.on('sample', (s) => (latest = s)),
    engine.on('telemetry', (t) => (self = { 'engine.cpu_percent': t.cpuPercent, 'engine.rss_bytes': t.rssBytes, 'engine.db_bytes': t.dbBytes })),
  ]

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, 500, { error: (err as Error).message })
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!authorized(req, token) && url.pathname !== '/api/login') {
      if (url.pathname.startsWith('/api/') || url.pathname === '/metrics') return send(res, 401, { error: 'A valid token is required.' })
    }
    if (req.method === 'POST' && url.pathname === '/api/login') return login(req, res)
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: `${req.method} is not allowed here.` })
    switch (url.pathname) {
      case '/api/health':
        return send(res, 200, await engine.call('health', {}))
      case '/api/inventory':
        return send(res, 200, await engine.call('inventory', {}))
      case '/api/query':
        return query(url, res)
      case '/metrics':
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        res.end(renderPrometheus(latest, self))
        return
    }
    if (url.pathname.startsWith('/api/')) return send(res, 404, { error: `No such endpoint: ${url.pathname}` })
    if (options.staticDir && serveStatic(options.staticDir, url.pathname, res)) return
    send(res, 404, { error: 'The dashboard is not built: run `npm run build`.' })
  }

  /** The login page posts the token; a right one is kept in an HttpOnly cookie, out of scripts' reach. */
  async function login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body = ''
    for await (const chunk of req) {
      body += String(chunk)
      if (body.length > 4096) return send(res, 413, { error: 'Too large.' })
    }
    let given: unknown
    try {
      given = (JSON.parse(body) as { token?: unknown }).token
    } catch {
      return send(res, 400, { error: 'Send {"token": "..."} as JSON.' })
    }
    if (token && (typeof given !== 'string' || !matches(given, token))) return send(res, 401, { error: 'Wrong token' })
    if (token) res.setHeader('set-cookie', loginCookie(token))
    res.writeHead(204).end()
  }

  async function query(url: URL, res: http.ServerResponse): Promise<void> {
    const now = Date.now()
    const num = (name: string, fallback: number) => {
      const v = url.searchParams.get(name)
      return v === null || v === '' ? fallback : Number(v)
    }
    const to = num('to', now)
    const params = {
      metrics: (url.searchParams.get('metrics') ?? '').split(',').filter(Boolean),
      to,
      from: num('from', to - 3_600_000),
      points: num('points', 1000),
    }
    try {
      send(res, 200, await engine.call('query', params))
    } catch (err) {
      send(res, 400, { error: (err as Error).message })
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 80 << 20 })
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path !== '/api/stream' || !authorized(req, token)) {
      socket.end(`HTTP/1.1 ${path === '/api/stream' ? '401 Unauthorized' : '404 Not Found'}\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws))
  })

  function connect(ws: WebSocket): void {
    const offs = STREAMED.map((name) =>
      engine.on(name, (data: unknown) => {
        if (ws.readyState === ws.OPEN && ws.bufferedAmount < 8 << 20) ws.send(JSON.stringify({ event: name, data }))
      }),
    )
    ws.on('close', () => offs.forEach((off) => off()))
    ws.on('message', (raw) => {
      let msg: unknown
      try {
        msg = JSON.parse(raw.toString())
      } catch {
        log('ws: a message that is not JSON was ignored')
        return
      }
      const req = RequestMessageSchema.safeParse(msg)
      if (!req.success) {
        log(`ws: invalid request ignored: ${JSON.stringify(msg).slice(0, 200)}`)
        const id = (msg as { id?: unknown })?.id
        if (typeof id === 'number') ws.send(JSON.stringify({ id, ok: false, error: 'Invalid request.' } satisfies ResponseMessage))
        return
      }
      const { id, command, params } = req.data
      engine.call(command, params).then(
        (result) => ws.send(JSON.stringify({ id, ok: true, result } satisfies ResponseMessage)),
        (err: unknown) => {
          log(`ws: ${command} failed: ${(err as Error).message}`)
          ws.send(JSON.stringify({ id, ok: false, error: (err as Error).message } satisfies ResponseMessage))
        },
      )
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    async close() {
      offs.forEach((off) => off())
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}
