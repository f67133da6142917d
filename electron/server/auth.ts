// Token access for `gapwatch serve`. Loopback needs no token; any other bind address must have
// one, and then every API request, /metrics and the WebSocket must carry it (Authorization:
// Bearer) or a session from the login page (cookie). Failures are rate-limited per address.
import net from 'node:net'
import { crypto } from '../engine/builtins.ts'
import type { IncomingMessage } from 'node:http'
import { MAX_AUTH_FAILURES_PER_MINUTE, MIN_TOKEN_LENGTH } from '../../shared/limits.ts'
import { FailureLimiter, limitKey } from './rate-limit.ts'
import type { Rejection } from './reply.ts'
import { SESSION_COOKIE, Sessions, clearedSessionCookie, cookieValue } from './sessions.ts'

/**
 * Loopback: `localhost`, ::1, or an IPv4 literal of 127.0.0.0/8 (also IPv6-mapped, ::ffff:127.0.0.1).
 * Only IP literals: a name such as 127.example.com resolves wherever its owner wants, and was taken
 * for loopback (so serve ran without a token).
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').replace(/^::ffff:(?=\d+\.)/i, '').toLowerCase()
  return h === 'localhost' || h === '::1' || (net.isIPv4(h) && h.startsWith('127.'))
}

/** Why `token` can never be sent by a client, or null: whitespace at its ends, a control character. */
function unsendable(token: string): string | null {
  // HTTP drops a header value's outer whitespace (and auth.check trims a bearer's): only the login
  // page could send such a token, never Prometheus or a script; a line break fits in no header.
  if (/^\s/.test(token)) return 'The token starts with whitespace (a space, a tab…)'
  if (/\s$/.test(token)) return 'The token ends with whitespace (a space, a line break…), as a copy-paste often gives'
  const chars = [...token]
  const at = chars.findIndex((ch) => {
    const cp = ch.codePointAt(0)!
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)
  })
  if (at >= 0) return `The token holds a control character (U+${chars[at].codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()}, at character ${at + 1})`
  return null
}

/** A fresh token for `--token generate`: 24 random bytes, 32 base64url characters. */
export function generateToken(): string {
  return crypto.randomBytes(24).toString('base64url')
}

/** Throws a clear message when the token is too weak or the bind address would expose the engine without one. */
export function checkExposure(host: string, token: string | undefined): void {
  // A dotted number that is no IPv4 address (999.1.1.1) was taken for a name off loopback.
  if (/^[\d.]+$/.test(host) && !net.isIPv4(host)) throw new Error(`--host ${host}: not an address (an IPv4 address has four numbers 0–255).`)
  const bad = token === undefined ? null : unsendable(token)
  if (bad) throw new Error(`${bad}: no HTTP client could send it in a header. Give it without, or run \`gapwatch serve --token generate\` to have one made.`)
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new Error(
      `The token is ${token.length} characters long; use at least ${MIN_TOKEN_LENGTH}. Run \`gapwatch serve --token generate\` to have one made and printed.`,
    )
  }
  if (!isLoopback(host) && !token) {
    throw new Error(`Refusing to listen on ${host} without a token: pass --token TOKEN (or set GAPWATCH_TOKEN; --token generate makes one), or bind to 127.0.0.1.`)
  }
}

/** Constant-time comparison of a given token with the server's (hashed first, so lengths leak nothing). */
export function matches(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest()
  const y = crypto.createHash('sha256').update(b).digest()
  return crypto.timingSafeEqual(x, y)
}

export interface AuthOptions {
  token: string | undefined
  secure: boolean
  log: (line: string) => void
  now?: () => number
}

export class Auth {
  readonly sessions = new Sessions()
  private readonly limiter: FailureLimiter
  private readonly o: AuthOptions

  constructor(o: AuthOptions) {
    this.o = o
    this.limiter = new FailureLimiter({ max: MAX_AUTH_FAILURES_PER_MINUTE, windowMs: 60_000, now: o.now })
  }

  get required(): boolean {
    return this.o.token !== undefined
  }

  /** 429 while the address has used up its failures, else null. */
  throttled(address: string): Rejection | null {
    const ms = this.limiter.blockedForMs(limitKey(address))
    if (ms <= 0) return null
    const s = Math.ceil(ms / 1000)
    return { status: 429, message: `Too many failed attempts from ${address}: try again in ${s} s.`, headers: { 'retry-after': String(s) } }
  }

  /** Records a failed attempt and logs it. */
  fail(address: string, what: string): void {
    const n = this.limiter.fail(limitKey(address))
    this.o.log(`auth: ${what} from ${address} (${n} failure${n === 1 ? '' : 's'} in the last minute)`)
  }

  /** The guard for routes that need credentials: null lets the request through. */
  check(req: IncomingMessage): Rejection | null {
    const token = this.o.token
    if (token === undefined) return null
    const address = req.socket.remoteAddress ?? 'unknown'
    const header = req.headers.authorization
    const session = cookieValue(req, SESSION_COOKIE)
    if (header === undefined && session === undefined) return { status: 401, message: 'A valid token is required.' }
    const throttled = this.throttled(address)
    if (throttled) return throttled
    if (header !== undefined) {
      // The scheme is case-insensitive (RFC 9110 §11.1): `bearer TOKEN` from a client is as good.
      const bearer = /^bearer +(.*)$/is.exec(header)
      if (bearer !== null && matches(bearer[1].trim(), token)) return null
      this.fail(address, 'wrong bearer token')
      return { status: 401, message: 'A valid token is required.' }
    }
    if (session !== undefined && this.sessions.has(session)) return null
    this.fail(address, 'unknown session cookie')
    return { status: 401, message: 'The session has ended: sign in again.', headers: { 'set-cookie': clearedSessionCookie(this.o.secure) } }
  }

  /** The login route's check of a posted token. */
  login(address: string, given: unknown): Rejection | { session: string | null } {
    const token = this.o.token
    if (token === undefined) return { session: null }
    const throttled = this.throttled(address)
    if (throttled) return throttled
    if (typeof given !== 'string' || !matches(given, token)) {
      this.fail(address, 'failed login')
      return { status: 401, message: 'Wrong token' }
    }
    return { session: this.sessions.create() }
  }
}
