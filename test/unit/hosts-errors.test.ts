// The words for a failed connection to a saved host: each names the host and its URL and says
// what to do. Refused, 401 and TLS are also proven end to end in test/integration/hosts/; the
// cases here (a 403 from the remote's Host or Origin check, 429, an unknown name, a timeout) are
// the ones two local engines cannot provoke without DNS or a slow network.
import { describe, expect, it } from 'vitest'
import { describeRemoteError } from '../../electron/engine/remote-host.ts'
import { HostSchema, streamUrl } from '../../shared/hosts.ts'

const vps = { name: 'vps', url: 'https://vps.example:8787' }

describe('describeRemoteError', () => {
  it('passes on the remote engine\'s own reason for a 403 (its Host or Origin check)', () => {
    const said = 'Host "vps.example" is not allowed: Start it with --allowed-host vps.example to allow this name.'
    expect(describeRemoteError(vps, { status: 403, body: said })).toBe(`Host "vps" (https://vps.example:8787) refused the connection (403): ${said}`)
  })

  it('words throttling, unknown names and timeouts with the host named', () => {
    expect(describeRemoteError(vps, { status: 429, body: 'Too many failed attempts' })).toMatch(/^Host "vps" .* too many wrong tokens \(429\)/)
    expect(describeRemoteError(vps, { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND vps.example' })).toBe('Host "vps" (https://vps.example:8787): the name vps.example was not found.')
    expect(describeRemoteError(vps, { code: 'TIMEOUT' })).toBe('Host "vps" (https://vps.example:8787) did not answer in time.')
    expect(describeRemoteError(vps, { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' })).toMatch(/the TLS connection failed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/)
  })
})

describe('host URLs', () => {
  it('accepts http, https, ws and wss, and derives the stream URL with the matching scheme', () => {
    expect(streamUrl('https://vps.example:8787')).toBe('wss://vps.example:8787/api/stream')
    expect(streamUrl('ws://10.0.0.5:8787/')).toBe('ws://10.0.0.5:8787/api/stream')
    for (const url of ['http://a:1', 'https://a', 'ws://a', 'wss://a:2']) expect(HostSchema.safeParse({ name: 'a', url }).success).toBe(true)
  })

  it('refuses other schemes, credentials, paths and queries in a host URL', () => {
    for (const url of ['ftp://a', 'file:///etc/passwd', 'javascript:alert(1)', 'http://u:p@a', 'http://a/x', 'http://a/?q=1', 'not a url']) {
      expect(HostSchema.safeParse({ name: 'a', url }).success, url).toBe(false)
    }
  })
})
