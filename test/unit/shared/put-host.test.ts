// Saving a host (shared/hosts.ts putHost, used by the desktop's and the server's hosts files): a
// name saved again (in any case) replaces its entry, which `make` sees to keep its token; a new
// name is added, up to MAX_HOSTS.
import { describe, expect, it } from 'vitest'
import { MAX_HOSTS, putHost } from '../../../shared/hosts.ts'

interface Entry {
  name: string
  url: string
  token?: string
}

describe('putHost', () => {
  it('replaces the entry saved under the same name in any case, handing it to make', () => {
    const hosts: Entry[] = [{ name: 'VPS', url: 'https://a.example', token: 't' }, { name: 'lab', url: 'http://lab:8787' }]
    const seen: Array<Entry | undefined> = []
    putHost(hosts, 'vps', (saved) => (seen.push(saved), { name: 'vps', url: 'https://b.example', token: saved?.token }))
    expect(seen).toEqual([{ name: 'VPS', url: 'https://a.example', token: 't' }])
    expect(hosts).toEqual([{ name: 'vps', url: 'https://b.example', token: 't' }, { name: 'lab', url: 'http://lab:8787' }])
  })

  it('adds a new name, and refuses one past MAX_HOSTS without changing the list', () => {
    const hosts: Entry[] = []
    for (let i = 0; i < MAX_HOSTS; i++) putHost(hosts, `h${i}`, (saved) => ({ name: `h${i}`, url: `http://h${i}:1`, token: saved?.token }))
    expect(hosts).toHaveLength(MAX_HOSTS)
    expect(() => putHost(hosts, 'one-more', () => ({ name: 'one-more', url: 'http://x:1' }))).toThrow(`Host not saved: at most ${MAX_HOSTS} hosts.`)
    expect(hosts).toHaveLength(MAX_HOSTS)
    putHost(hosts, 'H0', () => ({ name: 'H0', url: 'http://h0:2' })) // replacing still works at the cap
    expect(hosts[0]).toEqual({ name: 'H0', url: 'http://h0:2' })
  })
})
