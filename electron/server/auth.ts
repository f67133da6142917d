// Bearer-token access for `gapwatch serve`. Loopback needs no token; any other bind address must
// have one, and then every request must carry it (Authorization header, or the session cookie set
// by the login page, since a browser WebSocket cannot send headers).
import crypto from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const COOKIE = 'gapwatch_token'

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host)
}

/** Throws a clear message when the bind address would expose the engine without a token. */
export function checkExposure(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token) {
    throw new Error(`Refusing to listen on ${host} without a token: pass --token TOKEN (or set GAPWATCH_TOKEN), or bind to 127.0.0.1.`)
  }
}

/** Constant-time comparison of a given token with the server's. */
export function matches(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

export function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice(7).trim()
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === COOKIE) return decodeURIComponent(v.join('='))
  }
  return undefined
}

export function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true
  const given = tokenOf(req)
  return given !== undefined && matches(given, token)
}

/** The session cookie the login sets: HttpOnly, so the page's scripts never see the token. */
export function loginCookie(token: string): string {
  return `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`
}
