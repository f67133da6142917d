// The failed-login limit counted per client address. An IPv6 client is routinely given a whole /64
// (2^64 addresses): taking a new address for every ten guesses, it was never limited. Failures are
// now counted per /64 for IPv6 (per address for IPv4, IPv4-mapped IPv6 included), and so are the
// connections one client may hold (server/connections.ts).
import { EventEmitter } from 'node:events'
import type { IncomingMessage } from 'node:http'
import type net from 'node:net'
import { describe, expect, it } from 'vitest'
import { MAX_AUTH_FAILURES_PER_MINUTE } from '../../shared/limits.ts'
import { Auth } from '../../electron/server/auth.ts'
import { limitKey } from '../../electron/server/rate-limit.ts'
import { limitConnections } from '../../electron/server/connections.ts'

const TOKEN = 'ipv6-prefix-test-token-0123'
const request = (address: string) => ({ headers: { authorization: 'Bearer wrong' }, socket: { remoteAddress: address } }) as unknown as IncomingMessage

describe('failed logins from one IPv6 /64', () => {
  it('a new address in the same /64 for every guess is limited like one address', () => {
    const auth = new Auth({ token: TOKEN, secure: false, log: () => {} })
    for (let i = 1; i <= MAX_AUTH_FAILURES_PER_MINUTE; i++) expect(auth.check(request(`2001:db8:1:2::${i.toString(16)}`))?.status).toBe(401)
    expect(auth.check(request('2001:db8:1:2:aaaa:bbbb:cccc:dddd'))?.status).toBe(429)
    expect(auth.login('2001:0db8:0001:0002::ffff', TOKEN)).toMatchObject({ status: 429 })
    // Another /64, and IPv4 clients, are not affected.
    expect(auth.check(request('2001:db8:1:3::1'))?.status).toBe(401)
    expect(auth.check(request('::ffff:10.0.0.7'))?.status).toBe(401)
  })

  it('the key: the /64 of an IPv6 address in any spelling; an IPv4 (or IPv4-mapped) address whole', () => {
    expect(limitKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64')
    expect(limitKey('2001:0DB8:0001:0002:ffff:0:0:1')).toBe('2001:db8:1:2::/64')
    expect(limitKey('::1')).toBe('0:0:0:0::/64')
    expect(limitKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(limitKey('::ffff:10.0.0.7')).toBe('10.0.0.7')
    expect(limitKey('10.0.0.7')).toBe('10.0.0.7')
    expect(limitKey('unknown')).toBe('unknown')
  })
})

describe('connections held from one IPv6 /64', () => {
  it('count together against the per-address cap', () => {
    const server = new EventEmitter() as unknown as net.Server
    const lines: string[] = []
    limitConnections(server, { perAddress: 3, log: (l) => lines.push(l) })
    const sockets = Array.from({ length: 5 }, (_, i) => {
      const s = Object.assign(new EventEmitter(), { remoteAddress: `2001:db8:1:2::${i + 1}`, destroyed: false, destroy: () => (s.destroyed = true) })
      server.emit('connection', s)
      return s
    })
    expect(sockets.map((s) => s.destroyed)).toEqual([false, false, false, true, true])
    expect(lines[0]).toMatch(/connections from 2001:db8:1:2::\/64 refused past 3 at once/)
  })
})
