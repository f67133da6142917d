// A saved host's token goes into an Authorization header: the schema refuses line breaks and
// control characters with a message naming the field, wherever a token comes in (a save, hosts.json).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HostSaveSchema, HostTokenSchema } from '../../../shared/hosts.ts'
import { describeZodError } from '../../../shared/zod-error.ts'
import { HostsStore, HOSTS_FILE } from '../../../electron/server/hosts-store.ts'
import { tempDir } from '../../helpers/temp.ts'

const GOOD = 'abcdefghijklmnop-0123456789_+/='

describe('HostTokenSchema', () => {
  it('takes a token of visible characters', () => {
    expect(HostTokenSchema.parse(GOOD)).toBe(GOOD)
  })

  it.each([
    ['a CR LF and a header after it', `${GOOD}\r\nX-Injected: 1`],
    ['a trailing LF (pasted with its line end)', `${GOOD}\n`],
    ['a lone CR', `${GOOD}\rx`],
    ['a tab', `${GOOD}\tx`],
    ['a NUL', `${GOOD}\u0000`],
    ['a DEL', `${GOOD}\u007f`],
    ['a C1 control (NEL)', `${GOOD}\u0085`],
  ])('refuses %s, naming the field and why', (_what, token) => {
    const r = HostSaveSchema.safeParse({ name: 'vps', url: 'https://vps.example:8787', token })
    expect(r.success).toBe(false)
    expect(describeZodError(r.error!)).toBe('token: no line breaks, tabs or other control characters: paste the token as one line, exactly as `gapwatch serve` printed it')
  })

  it('serve refuses to save such a token, and a hand-edited hosts.json holding one is refused on read', () => {
    const dir = tempDir()
    const store = new HostsStore(dir)
    expect(() => store.save({ name: 'vps', url: 'https://vps.example:8787', token: `${GOOD}\r\nX-Injected: 1` })).toThrow(/^Host not saved: token: no line breaks/)
    expect(fs.existsSync(store.file)).toBe(false)
    fs.writeFileSync(path.join(dir, HOSTS_FILE), JSON.stringify({ hosts: [{ name: 'vps', url: 'https://vps.example:8787', token: `${GOOD}\n` }] }))
    expect(() => store.list()).toThrow(/hosts\.json: hosts\.0\.token: no line breaks/)
  })
})
