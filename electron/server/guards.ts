// Host and Origin checks, applied to every HTTP request and every WebSocket upgrade before any
// route runs. Loopback is not a trust boundary: any page in the user's browser can reach
// 127.0.0.1. The Host check defeats DNS rebinding (a page whose own name now resolves to 127.0.0.1
// still sends its own name as Host); the Origin check defeats cross-site WebSocket hijacking and
// cross-site POSTs (browsers apply no CORS to WebSockets, and a form POST needs no preflight).
import net from 'node:net'
import type { IncomingMessage } from 'node:http'
import type { Rejection } from './reply.ts'

export interface OriginPolicy {
  scheme: 'http' | 'https'
  /** The address the server is bound to (`--host`). */
  boundHost: string
  /** Extra names from `--allowed-host` (lower case, no port). */
  allowedHosts: readonly string[]
  /** Extra origins from `--allowed-origin` (normalised by `normaliseOrigin`). */
  allowedOrigins: readonly string[]
}

const HOST_CHARS = /^[a-z0-9._~\-[\]:]+$/i

/** The host name of a Host header value, lower case, without port, brackets or trailing dot; null if malformed. */
export function hostnameOf(host: string): string | null {
  if (!HOST_CHARS.test(host)) return null
  let url: URL
  try {
    url = new URL(`http://${host}`)
  } catch {
    return null
  }
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase()
}

/** Names a rebinding page cannot take: loopback names and IP literals (an address is not re-resolved). */
function isSafeName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || net.isIP(name) !== 0
}

/** How many Host headers the request carries (Node keeps the first in req.headers and drops the rest). */
function hostHeaderCount(req: IncomingMessage): number {
  let n = 0
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'host') n++
  return n
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' }

/**
 * A URL's host name (lower case, no trailing dot) and port, the scheme's default port filled in:
 * `http://h:80/` and `http://H./` name the same authority, though URL drops a default port.
 */
function authorityOf(url: URL): string {
  return `${url.hostname.replace(/\.$/, '').toLowerCase()} ${url.port || DEFAULT_PORTS[url.protocol] || ''}`
}

/**
 * The authority of an absolute-form request target (`GET http://name/path`), which RFC 9112 §3.2.2
 * says a server uses instead of Host; null for the usual origin-form (`/path`).
 */
function targetAuthority(target: string | undefined): URL | null | '' {
  if (target === undefined || target.startsWith('/') || target === '*') return null
  try {
    return new URL(target)
  } catch {
    return '' // malformed: refused below as not the Host
  }
}

/** Whether an absolute-form target names the authority of the Host header (served under `scheme`). */
function sameAuthority(target: URL | '', host: string, scheme: OriginPolicy['scheme']): boolean {
  if (target === '' || !HOST_CHARS.test(host)) return false
  try {
    return authorityOf(target) === authorityOf(new URL(`${scheme}://${host}`))
  } catch {
    return false
  }
}

export function checkHost(req: IncomingMessage, policy: OriginPolicy): Rejection | null {
  const host = req.headers.host
  if (!host) return { status: 400, message: 'The request has no Host header.' }
  // One name per request: with two Host headers, or a target naming another host than Host, the
  // name checked here need not be the one a proxy or another server in the path acted on.
  if (hostHeaderCount(req) > 1) return { status: 400, message: 'The request has more than one Host header.' }
  const target = targetAuthority(req.url)
  if (target !== null && !sameAuthority(target, host, policy.scheme)) {
    const named = target === '' ? '' : target.host
    return { status: 400, message: `The request target names the host "${named.slice(0, 80)}" but the Host header says "${host.slice(0, 80)}".` }
  }
  const name = hostnameOf(host)
  if (name === null) return { status: 400, message: `The Host header "${host.slice(0, 80)}" is malformed.` }
  const bound = hostnameOf(policy.boundHost.includes(':') ? `[${policy.boundHost}]` : policy.boundHost)
  if (isSafeName(name) || name === bound || policy.allowedHosts.includes(name)) return null
  return {
    status: 403,
    message: `Host "${name}" is not allowed: Gapwatch answers to loopback names, IP addresses and its bound address. Start it with --allowed-host ${name} to allow this name.`,
  }
}

/** The canonical form of an origin ("scheme://host[:port]"), or null if it is not one. */
export function normaliseOrigin(origin: string): string | null {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null
  return url.origin
}

/**
 * For upgrades and state-changing requests: the Origin must be the server's own (its scheme and
 * the request's Host, already checked) or one given with --allowed-origin.
 *
 * A request WITHOUT Origin passes. Browsers always send Origin on a WebSocket handshake and on
 * every cross-origin POST/PUT/DELETE (fetch, XHR and form posts alike), so no web page can make a
 * request that lacks it; clients that omit it are curl, Prometheus, scripts and the CLI, which a
 * token (off loopback) governs. A page that hides its origin sends the string "null", refused here.
 */
export function checkOrigin(req: IncomingMessage, policy: OriginPolicy): Rejection | null {
  const origin = req.headers.origin
  if (origin === undefined) return null
  const own = normaliseOrigin(`${policy.scheme}://${req.headers.host ?? ''}`)
  const given = normaliseOrigin(origin)
  if (given !== null && (given === own || policy.allowedOrigins.includes(given))) return null
  return {
    status: 403,
    message: `Origin "${origin.slice(0, 80)}" is not allowed: only pages served by this Gapwatch (${own ?? 'its own origin'}) may connect. Start it with --allowed-origin ORIGIN for a dashboard served elsewhere.`,
  }
}

/** Sec-Fetch-Site values of a request the dashboard itself makes, or a user typed or bookmarked. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none'])

/**
 * For reads of the API and /metrics: a browser request from another site is refused, by Fetch
 * Metadata. A page can GET any URL with `fetch(url, {mode: 'no-cors'})`, which sends no Origin: the
 * answer is opaque to it, but the engine did the work (an expensive query, over and over). Browsers
 * send Sec-Fetch-Site on every request; curl, Prometheus and scripts do not, and pass. A cross-site
 * CORS read from an --allowed-origin dashboard carries its Origin, and passes checkOrigin.
 */
export function checkFetchSite(req: IncomingMessage, policy: OriginPolicy): Rejection | null {
  if (req.headers.origin !== undefined) return checkOrigin(req, policy)
  const site = req.headers['sec-fetch-site']
  if (site === undefined || OWN_FETCH_SITES.has(site)) return null
  return {
    status: 403,
    message: `A ${site.slice(0, 20)} read of the API is not allowed: only pages served by this Gapwatch may read it.`,
  }
}
