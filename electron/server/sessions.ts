// Login sessions: the login page trades the token for a random session id, kept in memory and in
// an HttpOnly cookie, so the token itself never sits in the browser. Restarting serve ends every
// session; `drop` ends one (logout).
import { crypto } from '../engine/builtins.ts'
import type { IncomingMessage } from 'node:http'

export const SESSION_COOKIE = 'gapwatch_session'

export class Sessions {
  private readonly ids = new Map<string, number>()
  private readonly max: number

  constructor(max = 1000) {
    this.max = max
  }

  create(now = Date.now()): string {
    const id = crypto.randomBytes(32).toString('base64url')
    this.ids.set(id, now)
    // The oldest session goes first once there are too many (the map keeps insertion order).
    if (this.ids.size > this.max) this.ids.delete(this.ids.keys().next().value!)
    return id
  }

  has(id: string): boolean {
    return this.ids.has(id)
  }

  drop(id: string): boolean {
    return this.ids.delete(id)
  }

  get size(): number {
    return this.ids.size
  }
}

/**
 * A cookie's raw value, or undefined. Nothing is decoded: session ids are base64url, and a
 * malformed value (`%`, control characters) is simply one that matches no session.
 */
export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`
}

/** Tells the browser to forget a session cookie the server no longer knows. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure ? '; Secure' : ''}`
}
