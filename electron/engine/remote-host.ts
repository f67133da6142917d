// Connects to another engine's WebSocket as a client (Node `ws`: the token goes as
// `Authorization: Bearer`, and no Origin header is sent, so the remote engine's Host, Origin and
// token checks all apply unchanged). Used by serve's relay (server/hosts-route.ts) and by the
// desktop app (main/hosts.ts). Failures are described in words naming the host: refused, wrong
// token, origin, TLS, timeout.
import type { IncomingMessage } from 'node:http'
import { WebSocket } from 'ws'
import { streamUrl, type Host } from '../../shared/hosts.ts'
import { MAX_WS_MESSAGE_BYTES } from '../../shared/limits.ts'
import { clipCell, oneLine } from './market/errors.ts'

/** How much of a refusal's body is read (its JSON `error`, or its text, shown clipped to 200 characters). */
const MAX_ERROR_BODY_CHARS = 2000
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/

/** How much of a refusal's words a message quotes. */
const SAID_CHARS = 200

/**
 * A connection error in words, naming the host (`status` and `body` when the remote answered HTTP).
 * The remote's words are outside input: they are quoted on one line, control characters and line
 * breaks escaped, so a host cannot write lines into serve's log that look like Gapwatch's own.
 */
export function describeRemoteError(host: Pick<Host, 'name' | 'url'>, err: { code?: string; message?: string; status?: number; body?: string }): string {
  const who = `Host "${host.name}" (${host.url})`
  const said = err.body ? `: ${clipCell(err.body, SAID_CHARS)}` : ''
  if (err.status === 401) return `${who} refused the token (401): save the token printed by its \`gapwatch serve\`.`
  if (err.status === 403) return `${who} refused the connection (403)${said}`
  if (err.status === 429) return `${who} is refusing this machine after too many wrong tokens (429): wait a minute${said}`
  if (err.status !== undefined) return `${who} answered HTTP ${err.status}${said}`
  const code = err.code ?? ''
  if (code === 'ECONNREFUSED') return `${who} refused the connection: is \`gapwatch serve\` running there, on that port?`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${who}: the name ${new URL(host.url).hostname} was not found.`
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') return `${who} did not answer in time.`
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(err.message ?? '')) return `${who}: the TLS connection failed (${code || err.message}): is its certificate trusted here, and does it speak https?`
  return `${who}: ${oneLine(err.message ?? code ?? 'the connection failed')}`
}

export interface RemoteOptions {
  timeoutMs?: number
}

/** Opens the host's stream; rejects with a worded error. */
export function connectRemote(host: Host, o: RemoteOptions = {}): Promise<WebSocket> {
  const headers: Record<string, string> = host.token !== undefined ? { authorization: `Bearer ${host.token}` } : {}
  const timeoutMs = o.timeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    let ws: WebSocket
    try {
      ws = new WebSocket(streamUrl(host.url), { headers, maxPayload: MAX_WS_MESSAGE_BYTES, handshakeTimeout: timeoutMs, followRedirects: false })
    } catch (err) {
      return reject(new Error(describeRemoteError(host, err as Error)))
    }
    let settled = false
    // The whole attempt is bounded, not only an idle socket: a remote that keeps sending (an endless
    // error body, headers that never end) would otherwise hold it open for ever.
    const deadline = setTimeout(() => fail(describeRemoteError(host, { code: 'TIMEOUT' })), timeoutMs)
    const fail = (message: string) => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      ws.terminate()
      reject(new Error(message))
    }
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      let body = ''
      const said = () => {
        try {
          return String((JSON.parse(body) as { error?: unknown }).error ?? body)
        } catch {
          return body // not JSON: the text as it came
        }
      }
      res.on('data', (d: Buffer) => {
        body += d.toString()
        // Read no further than what the message shows: the rest of an endless body is not waited for.
        if (body.length >= MAX_ERROR_BODY_CHARS) {
          body = body.slice(0, MAX_ERROR_BODY_CHARS)
          fail(describeRemoteError(host, { status: res.statusCode, body: said() }))
          res.destroy()
        }
      })
      res.on('end', () => fail(describeRemoteError(host, { status: res.statusCode, body: said() })))
      res.on('error', () => fail(describeRemoteError(host, { status: res.statusCode })))
    })
    ws.on('error', (err: NodeJS.ErrnoException) => {
      const timeout = /timed out/i.test(err.message)
      fail(describeRemoteError(host, timeout ? { code: 'TIMEOUT' } : err))
    })
    ws.once('open', () => {
      settled = true
      clearTimeout(deadline)
      resolve(ws)
    })
  })
}
