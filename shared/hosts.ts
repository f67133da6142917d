// Other Gapwatch engines the dashboard can watch (a `gapwatch serve` on a VPS): their names, URLs
// and tokens, kept in `hosts.json` in the data directory. The token never leaves the engine that
// saved it: what the dashboard sees is the public view, with `tokenSet` in place of the token.
import { z } from 'zod'
import { MIN_TOKEN_LENGTH } from './limits.ts'
import { noControlChars } from './text.ts'

/** Most hosts one engine keeps. */
export const MAX_HOSTS = 50
/** The menu entry for the engine that served the dashboard. */
export const LOCAL_HOST_LABEL = 'This machine'

const SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:'])

export const HostNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'a name of letters, digits, spaces, dots, dashes and underscores')

/** An engine's address: http, https, ws or wss, with no credentials, query or fragment in it. */
export const HostUrlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const u = new URL(value)
      return SCHEMES.has(u.protocol) && !u.username && !u.password && !u.search && !u.hash && (u.pathname === '/' || u.pathname === '')
    } catch {
      return false
    }
  }, 'a URL like https://vps.example:8787 (http, https, ws or wss; no path, user, query or fragment)')

/**
 * A remote engine's token, sent as `Authorization: Bearer TOKEN`: one line, so no CR, LF or other
 * control character (one would end the header early, or inject another into the request).
 */
export const HostTokenSchema = noControlChars(
  z.string().min(MIN_TOKEN_LENGTH, `at least ${MIN_TOKEN_LENGTH} characters`).max(2000),
  'paste the token as one line, exactly as `gapwatch serve` printed it',
)

/** Host names are case-insensitive: this is the key two names are compared by, everywhere. */
export function hostKey(name: string): string {
  return name.toLowerCase()
}

export const HostSchema = z.object({ name: HostNameSchema, url: HostUrlSchema, token: HostTokenSchema.optional() }).strict()
export type Host = z.infer<typeof HostSchema>

export const HostsFileSchema = z
  .object({ hosts: z.array(HostSchema).max(MAX_HOSTS) })
  .strict()
  .refine((f) => new Set(f.hosts.map((h) => hostKey(h.name))).size === f.hosts.length, 'two hosts have the same name')
export type HostsFile = z.infer<typeof HostsFileSchema>

/** What the dashboard posts to save a host: no token keeps the one already saved. */
export const HostSaveSchema = HostSchema
export type HostSave = z.infer<typeof HostSaveSchema>

export const PublicHostSchema = z.object({ name: HostNameSchema, url: HostUrlSchema, tokenSet: z.boolean() }).strict()
export type PublicHost = z.infer<typeof PublicHostSchema>
export const PublicHostsSchema = z.object({ hosts: z.array(PublicHostSchema).max(MAX_HOSTS) }).strict()

export function publicHost(h: Host): PublicHost {
  return { name: h.name, url: h.url, tokenSet: h.token !== undefined }
}

/** The WebSocket of the engine at `url`: ws(s)://host:port/api/stream. */
export function streamUrl(url: string): string {
  const u = new URL(url)
  u.protocol = u.protocol === 'https:' || u.protocol === 'wss:' ? 'wss:' : 'ws:'
  u.pathname = '/api/stream'
  return u.toString()
}

/**
 * Whether a save without a token may keep the token saved under that name: only while the host's
 * stream stays at the same origin (scheme, host, port; http and ws count as one), so a save cannot
 * send a saved token to another server, or downgrade it from TLS to clear text.
 */
export function keepsToken(savedUrl: string, newUrl: string): boolean {
  try {
    return new URL(streamUrl(savedUrl)).origin === new URL(streamUrl(newUrl)).origin
  } catch {
    return false
  }
}

/**
 * Saves a host in a hosts list: replaces the one saved under its name (names are case-insensitive)
 * or adds it, at most MAX_HOSTS. `make` builds the entry from the one it replaces (to keep its token
 * where keepsToken allows), or from undefined.
 */
export function putHost<H extends { name: string }>(hosts: H[], name: string, make: (saved: H | undefined) => H): void {
  const key = hostKey(name)
  const i = hosts.findIndex((h) => hostKey(h.name) === key)
  const next = make(i >= 0 ? hosts[i] : undefined)
  if (i >= 0) hosts[i] = next
  else if (hosts.length >= MAX_HOSTS) throw new Error(`Host not saved: at most ${MAX_HOSTS} hosts.`)
  else hosts.push(next)
}

/** Where the local engine relays a saved host's stream (only hosts saved there, by name). */
export function relayPath(name: string): string {
  return `/api/hosts/${encodeURIComponent(name)}/stream`
}

/** Where the local engine tries a saved host's connection and answers in words. */
export function checkPath(name: string): string {
  return `/api/hosts/${encodeURIComponent(name)}/check`
}

/** The desktop app's hosts file: the token encrypted by Electron's safeStorage (base64), never in clear. */
export const DesktopHostsFileSchema = z
  .object({
    hosts: z
      .array(z.object({ name: HostNameSchema, url: HostUrlSchema, tokenEncrypted: z.string().max(8000).regex(/^[A-Za-z0-9+/=]+$/).optional() }).strict())
      .max(MAX_HOSTS),
  })
  .strict()
export type DesktopHostsFile = z.infer<typeof DesktopHostsFileSchema>
