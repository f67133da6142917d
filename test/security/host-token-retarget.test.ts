// A saved host's token is write-only: no client can read it back. A save WITHOUT a token keeps the
// saved one (the forms send no token to mean "unchanged"), so before this fix a client could change
// the host's URL to its own server, leave the token out, and have the engine (serve's relay or
// check) or the desktop's main process send the token to that server as `Authorization: Bearer`.
// Like the Alertmanager secrets (shared/settings-secrets.ts), a saved token is now kept only while
// the host's origin (scheme, host, port) is unchanged. The catcher below is a real HTTP server that
// records every Authorization header it is sent. The desktop's safeStorage is the named stub's
// (test/stubs/electron.ts): MOCKED because the OS keychain cannot run here.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DesktopHosts, connectHost } from '../../electron/main/hosts.ts'
import { HostsStore } from '../../electron/server/hosts-store.ts'
import { tempDir } from '../helpers/temp.ts'

const TOKEN = 'saved-secret-token-0123456789abcdef'

describe('a saved host token cannot be sent to a new URL', () => {
  let catcher: http.Server
  let attackerUrl: string
  const seen: string[] = []

  beforeAll(async () => {
    catcher = http.createServer((req, res) => res.writeHead(404).end())
    catcher.on('upgrade', (req, socket) => {
      seen.push(String(req.headers.authorization ?? ''))
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n')
    })
    await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve))
    attackerUrl = `http://127.0.0.1:${(catcher.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    catcher.closeAllConnections()
    await new Promise((resolve) => catcher.close(resolve))
  })

  it('serve: a save that moves the host to another origin without a token drops the saved token', () => {
    const store = new HostsStore(tempDir('gw-retarget-serve-'))
    store.save({ name: 'vps', url: 'https://vps.example:8787', token: TOKEN })
    // same origin, no token: kept (the form's "unchanged")
    expect(store.save({ name: 'vps', url: 'https://vps.example:8787/' })).toEqual([{ name: 'vps', url: 'https://vps.example:8787/', tokenSet: true }])
    expect(store.get('vps')?.token).toBe(TOKEN)
    // another origin (or a downgrade to http), no token: not kept
    for (const url of [attackerUrl, 'http://vps.example:8787', 'https://vps.example:9999']) {
      store.save({ name: 'vps', url: 'https://vps.example:8787', token: TOKEN })
      expect(store.save({ name: 'VPS', url })).toEqual([{ name: 'VPS', url, tokenSet: false }])
      expect(store.get('vps')?.token).toBeUndefined()
    }
    // a new token for the new origin is taken as given
    expect(store.save({ name: 'vps', url: attackerUrl, token: 'another-token-0123456789' })[0].tokenSet).toBe(true)
  })

  it('desktop: main never sends the saved token to a URL the renderer swapped in', async () => {
    const hosts = new DesktopHosts(tempDir('gw-retarget-desk-'))
    hosts.save({ name: 'vps', url: 'https://vps.example:8787', token: TOKEN })
    expect(hosts.save({ name: 'vps', url: attackerUrl })).toEqual([{ name: 'vps', url: attackerUrl, tokenSet: false }])
    await expect(connectHost(hosts, 'vps')).rejects.toThrow(/refused the connection \(403\)/)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.join('\n')).not.toContain(TOKEN)
    // the same origin keeps it
    hosts.save({ name: 'vps', url: 'https://vps.example:8787', token: TOKEN })
    expect(hosts.save({ name: 'vps', url: 'wss://vps.example:8787' })[0].tokenSet).toBe(true)
  })
})
