// `gapwatch serve`: the engine behind HTTP or HTTPS (JSON API, the built dashboard, Prometheus
// /metrics, CSV uploads) and a WebSocket at /api/stream carrying the shared contract.
//
// Every request and every upgrade goes through one guard pipeline, host → origin → auth, before
// its route runs, so no route can forget a check; every handler is wrapped, so a malformed request
// gets an error answer and the server goes on.
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Engine } from '../engine/engine.ts'
import { API_READ_PATHS, API_REPORTS_PREFIX, createApi } from './api.ts'
import { Auth, checkExposure } from './auth.ts'
import { checkFetchSite, checkHost, checkOrigin, normaliseOrigin, type OriginPolicy } from './guards.ts'
import { reject, rejectUpgrade, send, setSecurityHeaders, type Rejection } from './reply.ts'
import { SESSION_COOKIE, clearedSessionCookie, cookieValue, sessionCookie } from './sessions.ts'
import { serveStatic } from './static.ts'
import { clipCell } from '../engine/market/errors.ts'
import { handleImport } from './upload.ts'
import { createStream } from './ws.ts'
import type { WsBudgetLimits, WsBudgetStats } from './ws-budget.ts'
import { createHostsRoute } from './hosts-route.ts'
import { readJsonBody } from './json-body.ts'
import { HTTP_HEADERS_TIMEOUT_MS, MAX_LOGIN_BODY_BYTES } from '../../shared/limits.ts'
import { limitConnections } from './connections.ts'
import { ReadSlots } from './read-slots.ts'
import { nodeHttp } from './node-http.ts'
import { quietLog, sinceNote, type QuietLogOptions } from './quiet-log.ts'

export interface ServerOptions {
  engine: Engine
  host: string
  port: number
  token?: string
  /** The built renderer (out/renderer); absent → the API only. */
  staticDir?: string
  /** Host names besides loopback names, IP literals and the bound address (`--allowed-host`). */
  allowedHosts?: string[]
  /** Origins besides the server's own that may connect and post (`--allowed-origin`). */
  allowedOrigins?: string[]
  /** PEM certificate and key: serve HTTPS and WSS instead of HTTP and WS. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** WebSocket ping interval; a client that misses one is dropped. Default 30 s. */
  heartbeatMs?: number
  /** How long a request's headers may take (then 408). Default HTTP_HEADERS_TIMEOUT_MS. */
  headersTimeoutMs?: number
  /** How long an upload's body may send nothing (then 408, its slot freed). Default UPLOAD_STALL_MS. */
  uploadStallMs?: number
  log?: (line: string) => void
  /** The window of the log lines clients can cause (quiet-log.ts; tests set it, serve keeps the default). */
  quietLog?: QuietLogOptions
  /** The WebSocket's bounds per socket, address and server (ws-budget.ts; tests lower them). */
  wsBudget?: Partial<WsBudgetLimits>
}

export interface RunningServer {
  url: string
  port: number
  /** The header timeout the listening server enforces (what headersTimeoutMs became). */
  headersTimeoutMs: number
  /** The WebSocket's commands running and bytes queued, by its own count (ws-budget.ts). */
  wsStats(): WsBudgetStats
  close(): Promise<void>
}

/** Methods that change nothing: they skip the Origin check (API reads get checkFetchSite instead). */
const SAFE_METHODS = new Set(['GET', 'HEAD'])

/** The request target as a URL, or null when it is malformed (`GET http://%zz/`). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost')
  } catch {
    return null
  }
}

function badTarget(target: string | undefined): Rejection {
  return { status: 400, message: `The request target "${(target ?? '').slice(0, 80)}" is malformed.` }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { engine } = options
  const log = options.log ?? (() => {})
  checkExposure(options.host, options.token)
  const secure = options.tls !== undefined
  const policy: OriginPolicy = {
    scheme: secure ? 'https' : 'http',
    boundHost: options.host,
    allowedHosts: (options.allowedHosts ?? []).map((h) => h.toLowerCase().replace(/\.$/, '')),
    allowedOrigins: (options.allowedOrigins ?? []).map((o) => {
      const n = normaliseOrigin(o)
      if (n === null) throw new Error(`--allowed-origin: "${o}" is not an origin like http://host:port.`)
      return n
    }),
  }
  const auth = new Auth({ token: options.token, secure, log })
  const api = createApi(engine)
  const stream = createStream({ engine, heartbeatMs: options.heartbeatMs ?? 30_000, log, quietLog: options.quietLog, budget: options.wsBudget })
  const hosts = createHostsRoute({ dataDir: engine.dataDir, log })
  const reads = new ReadSlots()
  // Any web page can make the user's browser send cross-site requests here: their refusals are logged
  // once every 10 s with a count, not once each (quiet-log.ts).
  const note = quietLog(log, options.quietLog)

  /**
   * The one pipeline for requests and upgrades: host → origin (for API reads: fetch site) → auth.
   * Null lets the request through. Pages (the dashboard, a link to /) skip the fetch-site check.
   */
  function guard(req: http.IncomingMessage, url: URL, upgrade: boolean): Rejection | null {
    const needsOrigin = upgrade || !SAFE_METHODS.has(req.method ?? '')
    const p = url.pathname
    const isApi = p === '/metrics' || p.startsWith('/api/')
    const needsAuth = upgrade || (isApi && p !== '/api/login')
    const site = !needsOrigin && isApi ? checkFetchSite(req, policy) : null
    if (site) {
      const from = req.headers.origin !== undefined ? `Origin: ${req.headers.origin}` : `Sec-Fetch-Site: ${req.headers['sec-fetch-site']}`
      const kind = API_READ_PATHS.has(p) ? p : p.startsWith(API_REPORTS_PREFIX) ? API_REPORTS_PREFIX : 'another path'
      note(`cross-site ${kind}`, (n) => `http: ${req.method} ${clipCell(p)} from another site refused (${clipCell(from)})${sinceNote(n)}`)
    }
    return checkHost(req, policy) ?? (needsOrigin ? checkOrigin(req, policy) : site) ?? (needsAuth ? auth.check(req) : null)
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    setSecurityHeaders(res)
    handle(req, res).catch((err: unknown) => {
      log(`http: ${req.method} ${String(req.url).slice(0, 80)} failed: ${(err as Error).message}`)
      send(res, 500, { error: (err as Error).message })
    })
  }
  // Half-sent requests are ended after headersTimeoutMs, checked a few times within it (Node: every 30 s).
  const headersTimeout = options.headersTimeoutMs ?? HTTP_HEADERS_TIMEOUT_MS
  const timeouts = { headersTimeout, connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.round(headersTimeout / 3))) }
  // node:https (and node:tls under it) only when TLS is configured: a plain-HTTP serve never loads them.
  const server = secure ? (await import('node:https')).createServer({ ...options.tls, ...timeouts }, onRequest) : nodeHttp.createServer(timeouts, onRequest)
  limitConnections(server, { log, quietLog: options.quietLog })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = parseTarget(req.url)
    if (!url) return reject(res, badTarget(req.url))
    const refused = guard(req, url, false)
    if (refused) return reject(res, refused)
    return route(req, res, url)
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (await hosts.route(req, res, url)) return
    const post = req.method === 'POST'
    switch (url.pathname) {
      case '/api/login':
        return post ? login(req, res) : send(res, 405, { error: 'POST the token to /api/login.' })
      case '/api/logout':
        return post ? logout(req, res) : send(res, 405, { error: 'POST to /api/logout.' })
      case '/api/import':
        return post ? handleImport(engine, url, req, res, { stallMs: options.uploadStallMs }) : send(res, 405, { error: 'POST the CSV file to /api/import?name=FILE.csv.' })
    }
    if (!SAFE_METHODS.has(req.method ?? '')) return send(res, 405, { error: `${req.method} is not allowed here.` })
    // A client that never reads its answers holds its few slots, not the engine's memory (read-slots.ts).
    const busy = url.pathname === '/metrics' || url.pathname.startsWith('/api/') ? reads.take(req, res) : null
    if (busy) return reject(res, busy)
    if (await api.route(url, req, res)) return
    if (url.pathname.startsWith('/api/')) return send(res, 404, { error: `No such endpoint: ${url.pathname}` })
    const served = options.staticDir ? serveStatic(options.staticDir, url.pathname, res) : null
    if (served === null) return send(res, 404, { error: 'The dashboard is not built: run `npm run build`.' })
    if (served !== 'served') return reject(res, served)
  }

  /** The login page posts the token; a right one opens a session kept in an HttpOnly cookie. */
  async function login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readJsonBody(req, MAX_LOGIN_BODY_BYTES, '{"token": "..."}')
    if (!body.ok) return reject(res, body.rejection)
    const given = (body.value as { token?: unknown } | null)?.token
    const result = auth.login(req.socket.remoteAddress ?? 'unknown', given)
    if ('status' in result) return reject(res, result)
    if (result.session !== null) res.setHeader('set-cookie', sessionCookie(result.session, secure))
    res.writeHead(204).end()
  }

  async function logout(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const id = cookieValue(req, SESSION_COOKIE)
    if (id !== undefined) auth.sessions.drop(id)
    res.setHeader('set-cookie', clearedSessionCookie(secure))
    res.writeHead(204).end()
  }

  function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = parseTarget(req.url)
    if (!url) return rejectUpgrade(socket, badTarget(req.url))
    const refused = guard(req, url, true)
    if (refused) return rejectUpgrade(socket, refused)
    if (hosts.upgrade(req, socket, head, url)) return
    if (url.pathname !== '/api/stream') return rejectUpgrade(socket, { status: 404, message: 'The WebSocket is at /api/stream.' })
    stream.wss.handleUpgrade(req, socket, head, (ws) => stream.wss.emit('connection', ws, req))
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err) => log(`ws upgrade: ${err.message}`))
    try {
      upgrade(req, socket, head)
    } catch (err) {
      log(`ws upgrade failed: ${(err as Error).message}`)
      rejectUpgrade(socket, { status: 400, message: 'The upgrade request could not be handled.' })
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `${policy.scheme}://${hostForUrl}:${port}`,
    port,
    headersTimeoutMs: server.headersTimeout,
    wsStats: () => stream.stats(),
    async close() {
      api.close()
      stream.close()
      hosts.close()
      note.flush()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // close() only stops new connections; a browser's keep-alive sockets (and a request still in
      // flight) would hold it open. The server is going away: end them all now.
      server.closeAllConnections()
      await closed
    },
  }
}
