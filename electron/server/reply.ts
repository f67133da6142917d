// Writing answers: JSON replies on HTTP responses, and the same on a raw socket for an upgrade
// refused before any WebSocket exists. Every response carries the security headers.
import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { CSP } from '../../shared/csp.ts'
import { nodeHttp } from './node-http.ts'

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
}

/** A refused request: the status, a message naming what was wrong, and any extra headers. */
export interface Rejection {
  status: number
  message: string
  headers?: Record<string, string>
}

export function setSecurityHeaders(res: http.ServerResponse): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
}

export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

export function reject(res: http.ServerResponse, r: Rejection): void {
  send(res, r.status, { error: r.message }, r.headers)
}

/** Answers an upgrade request that will not become a WebSocket, then closes the socket. */
export function rejectUpgrade(socket: Duplex, r: Rejection): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = JSON.stringify({ error: r.message })
  const headers = {
    ...SECURITY_HEADERS,
    ...r.headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  }
  const head = [`HTTP/1.1 ${r.status} ${nodeHttp.STATUS_CODES[r.status] ?? ''}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)]
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
}

/** A WebSocket close reason from `text`: a close frame carries at most 123 bytes of it (RFC 6455). */
export function closeReason(text: string): string {
  return Buffer.from(text).subarray(0, 120).toString()
}
