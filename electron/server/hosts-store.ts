// The saved hosts of `gapwatch serve`: `hosts.json` in the data directory (mode 0600, it holds
// tokens), validated on every read so a hand-edited file gives a message naming the bad field.
import path from 'node:path'
import { HostSaveSchema, HostsFileSchema, hostKey, keepsToken, publicHost, putHost, type Host, type HostsFile, type PublicHost } from '../../shared/hosts.ts'
import { describeZodError } from '../../shared/zod-error.ts'
import { readJsonFile, writeJsonFile } from '../engine/json-file.ts'

export const HOSTS_FILE = 'hosts.json'

export class HostsStore {
  readonly file: string

  constructor(dataDir: string) {
    this.file = path.join(dataDir, HOSTS_FILE)
  }

  /** The saved hosts; none when the file does not exist. Throws a message naming the file and field. */
  read(): HostsFile {
    return readJsonFile(this.file, HostsFileSchema, { hosts: [] })
  }

  list(): PublicHost[] {
    return this.read().hosts.map(publicHost)
  }

  /** A saved host by name (case-insensitive), or undefined: only these are ever connected to. */
  get(name: string): Host | undefined {
    const key = hostKey(name)
    return this.read().hosts.find((h) => hostKey(h.name) === key)
  }

  /** Adds or replaces a host; a save without a token keeps the token saved under that name if the origin is unchanged. */
  save(input: unknown): PublicHost[] {
    const parsed = HostSaveSchema.safeParse(input)
    if (!parsed.success) throw new Error(`Host not saved: ${describeZodError(parsed.error)}`)
    const host = parsed.data
    const { hosts } = this.read()
    putHost(hosts, host.name, (saved): Host => ({ ...host, token: host.token ?? (saved && keepsToken(saved.url, host.url) ? saved.token : undefined) }))
    this.write({ hosts })
    return hosts.map(publicHost)
  }

  remove(name: string): PublicHost[] {
    const key = hostKey(name)
    const before = this.read().hosts
    const hosts = before.filter((h) => hostKey(h.name) !== key)
    if (hosts.length !== before.length) this.write({ hosts }) // an unknown name writes nothing
    return hosts.map(publicHost)
  }

  private write(file: HostsFile): void {
    writeJsonFile(this.file, file, 0o600)
  }
}
