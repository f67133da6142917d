// The desktop app's saved hosts (electron/main/hosts.ts) against a real `gapwatch serve` with a
// token. Electron's safeStorage is the stub's (test/stubs/electron.ts: the Electron binary and the
// OS keychain cannot run here), a reversible transform that proves the token is never written in
// clear and is decrypted only when main connects.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeStorageState } from 'electron'
import { DesktopHosts, connectHost } from '../../../electron/main/hosts.ts'
import { startServe, tempDir, type Served } from '../../helpers/serve.ts'

declare module 'electron' {
  export const safeStorageState: { available: boolean }
}

const TOKEN = 'remote-token-0123456789abcdef'

describe('desktop hosts', () => {
  let b: Served
  beforeAll(async () => {
    b = await startServe(['--interval', '250ms', '--token', TOKEN])
  })
  afterAll(async () => {
    await b.stop()
  })

  it('stores the token encrypted, lists only tokenSet, and keeps the token on a save without one', () => {
    const hosts = new DesktopHosts(tempDir('gw-desk-hosts-'))
    hosts.save({ name: 'vps', url: b.url, token: TOKEN })
    const listed = hosts.save({ name: 'vps', url: b.url })
    expect(listed).toEqual([{ name: 'vps', url: b.url, tokenSet: true }])
    const text = fs.readFileSync(hosts.file, 'utf8')
    expect(text).not.toContain(TOKEN)
    expect(JSON.parse(text).hosts[0].tokenEncrypted).toMatch(/^[A-Za-z0-9+/=]+$/)
    if (process.platform !== 'win32') expect(fs.statSync(hosts.file).mode & 0o077).toBe(0)
    expect(hosts.get('vps')?.token).toBe(TOKEN)
  })

  it('connects from main with the token and reads the remote engine (its data directory and samples)', async () => {
    const hosts = new DesktopHosts(tempDir('gw-desk-hosts-'))
    hosts.save({ name: 'vps', url: b.url, token: TOKEN })
    const remote = await connectHost(hosts, 'vps')
    try {
      const sample = new Promise<number>((resolve) => remote.on('sample', (s) => resolve(s.t)))
      expect((await remote.call('health')).dataDir).toBe(b.dataDir)
      expect(await sample).toBeGreaterThan(0)
    } finally {
      remote.close()
    }
  })

  it('fails in words naming the host on a wrong token, and refuses a host that is not saved', async () => {
    const hosts = new DesktopHosts(tempDir('gw-desk-hosts-'))
    hosts.save({ name: 'bad', url: b.url, token: 'not-the-right-token-at-all' })
    await expect(connectHost(hosts, 'bad')).rejects.toThrow(/^Host "bad" \(http:\/\/127\.0\.0\.1:\d+\) refused the token \(401\)/)
    await expect(connectHost(hosts, 'elsewhere')).rejects.toThrow('No saved host named "elsewhere".')
  })

  it('never writes a token in clear: without encrypted storage the save is refused', () => {
    const hosts = new DesktopHosts(tempDir('gw-desk-hosts-'))
    safeStorageState.available = false
    try {
      expect(() => hosts.save({ name: 'vps', url: b.url, token: TOKEN })).toThrow(/no encrypted storage for the token/)
      expect(fs.existsSync(hosts.file)).toBe(false)
    } finally {
      safeStorageState.available = true
    }
    expect(() => hosts.save({ name: 'vps', url: 'file:///etc/passwd' })).toThrow(/^Host not saved: url: a URL like/)
  })
})
