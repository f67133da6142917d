// "Check" of a saved remote host (serve's GET /api/hosts/NAME/check, the desktop's hosts menu):
// opens its stream and closes it again. Checks of the same host made while one is running share
// that one's connection and answer, so a dashboard clicking "check" repeatedly (or two windows)
// costs the remote engine one connection, not one each.
import type { Host } from '../../shared/hosts.ts'
import { connectRemote, type RemoteOptions } from './remote-host.ts'

/** Resolves when the host accepts its saved token; rejects with connectRemote's worded error. */
export type HostCheck = (host: Host) => Promise<void>

export function sharedHostCheck(o: RemoteOptions = {}): HostCheck {
  const running = new Map<string, Promise<void>>()
  return (host) => {
    // The host as saved now: a check after a save that changed its URL or token is a new one.
    const key = JSON.stringify([host.name.toLowerCase(), host.url, host.token ?? null])
    const shared = running.get(key)
    if (shared) return shared
    const mine = connectRemote(host, o).then((ws) => void ws.close())
    running.set(key, mine)
    const done = () => void running.delete(key)
    mine.then(done, done)
    return mine
  }
}
