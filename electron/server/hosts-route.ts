// The hosts routes of `gapwatch serve`, behind the server's guard pipeline like every route:
//   GET  /api/hosts                  the saved hosts, without tokens ({name, url, tokenSet})
//   POST /api/hosts                  save one {name, url, token?} (no token keeps the saved one)
//   GET  /api/hosts/NAME/check       try NAME's connection; 502 with the failure in words
//   WS   /api/hosts/NAME/stream      relay NAME's contract stream to this dashboard
// The relay connects only to hosts saved here, looked up by name: no URL from a request is ever
// dialled, so it is not an open relay. The dashboard's own Host, Origin and token were checked
// by the guard before these run; the remote engine checks this engine's token the same way.
import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { MAX_HOST_BODY_BYTES, MAX_RELAY_EARLY_BYTES, MAX_RELAY_EARLY_BYTES_PER_SOCKET, MAX_WS_MESSAGE_BYTES, MAX_WS_PENDING_REQUESTS } from '../../shared/limits.ts'
import { clipCell } from '../engine/market/errors.ts'
import { connectRemote } from '../engine/remote-host.ts'
import { sharedHostCheck } from '../engine/host-check.ts'
import { frameBytes, relay } from './hosts-relay.ts'
import { HostsStore } from './hosts-store.ts'
import { readJsonBody } from './json-body.ts'
import { SECURITY_HEADERS, closeReason, rejectUpgrade, send } from './reply.ts'

/** Sends and reports the request as handled. */
function answer(res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>): true {
  send(res, status, body, headers)
  return true
}

function refuse(socket: Duplex, r: Parameters<typeof rejectUpgrade>[1]): true {
  rejectUpgrade(socket, r)
  return true
}

const HOST_ROUTE = /^\/api\/hosts\/([^/]+)\/(check|stream)$/

export interface HostsRoute {
  /** Answers /api/hosts requests; false for any other path. */
  route(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean>
  /** Takes /api/hosts/NAME/stream upgrades; false for any other path. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean
  close(): void
}

function nameOf(raw: string): string | null {
  try {
    return decodeURIComponent(raw)
  } catch {
    return null
  }
}

export function createHostsRoute(o: { dataDir: string; log: (line: string) => void; timeoutMs?: number }): HostsRoute {
  const store = new HostsStore(o.dataDir)
  const check = sharedHostCheck({ timeoutMs: o.timeoutMs })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES })
  /** Bytes all relay sockets hold while their remote host is dialled. */
  let earlyBytes = 0
  /** Remote hosts' sockets the relay has open, to bound what is queued toward them all. */
  const remotes = new Set<WebSocket>()
  const queuedInAll = () => {
    let n = 0
    for (const r of remotes) n += r.bufferedAmount
    return n
  }
  wss.on('headers', (headers) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.push(`${k}: ${v}`)
  })

  return {
    async route(req, res, url) {
      const p = url.pathname
      if (p === '/api/hosts') {
        try {
          if (req.method === 'GET') return answer(res, 200, { hosts: store.list() })
          if (req.method === 'POST') {
            const body = await readJsonBody(req, MAX_HOST_BODY_BYTES, 'the host as JSON: {"name": "...", "url": "...", "token": "..."}')
            if (!body.ok) return answer(res, body.rejection.status, { error: body.rejection.message }, body.rejection.headers)
            return answer(res, 200, { hosts: store.save(body.value) })
          }
          if (req.method === 'DELETE') return answer(res, 200, { hosts: store.remove(url.searchParams.get('name') ?? '') })
          return answer(res, 405, { error: 'GET, POST or DELETE /api/hosts.' })
        } catch (err) {
          return answer(res, 400, { error: (err as Error).message })
        }
      }
      const m = HOST_ROUTE.exec(p)
      if (!m || m[2] !== 'check') return false
      if (req.method !== 'GET') return answer(res, 405, { error: 'GET the check.' })
      const name = nameOf(m[1])
      let host
      try {
        host = name === null ? undefined : store.get(name)
      } catch (err) {
        return answer(res, 500, { error: (err as Error).message })
      }
      if (!host) return answer(res, 404, { error: `No saved host named "${clipCell(name ?? m[1], 40)}".` })
      try {
        await check(host)
        send(res, 200, { ok: true })
      } catch (err) {
        send(res, 502, { error: (err as Error).message })
      }
      return true
    },

    upgrade(req, socket, head, url) {
      const m = HOST_ROUTE.exec(url.pathname)
      if (!m) return false
      if (m[2] !== 'stream') return refuse(socket, { status: 404, message: 'The relay is at /api/hosts/NAME/stream.' })
      const name = nameOf(m[1])
      let host
      try {
        host = name === null ? undefined : store.get(name)
      } catch (err) {
        return refuse(socket, { status: 500, message: (err as Error).message })
      }
      if (!host) {
        o.log(`hosts: relay to an unsaved host refused (${clipCell(name ?? m[1], 40)})`)
        return refuse(socket, { status: 404, message: `No saved host named "${clipCell(name ?? m[1], 40)}": only saved hosts are relayed.` })
      }
      const saved = host
      wss.handleUpgrade(req, socket, head, (local) => {
        local.on('error', (err) => o.log(`hosts: dashboard socket: ${err.message}`))
        // What the dashboard sends before the remote is connected waits, bounded per socket and in
        // all together: 120 sockets each holding 64 frames of 256 KiB during a dial that never
        // answered grew serve by 1.1 GB. Past a bound the socket is closed, saying why.
        const early: RawData[] = []
        let held = 0
        const release = () => {
          earlyBytes -= held
          held = 0
        }
        const hold = (data: RawData) => {
          const size = frameBytes(data)
          const over =
            early.length >= MAX_WS_PENDING_REQUESTS || held + size > MAX_RELAY_EARLY_BYTES_PER_SOCKET
              ? `More than ${MAX_WS_PENDING_REQUESTS} messages or ${MAX_RELAY_EARLY_BYTES_PER_SOCKET} bytes sent before the remote host answered.`
              : earlyBytes + size > MAX_RELAY_EARLY_BYTES
                ? 'Too much is waiting for remote hosts to answer on this server: retry in a few seconds.'
                : null
          if (over) {
            o.log(`hosts: relay to ${saved.name}: ${over} Connection closed.`)
            early.length = 0
            release()
            local.off('message', hold)
            return local.close(1013, closeReason(over))
          }
          early.push(data)
          held += size
          earlyBytes += size
        }
        local.on('message', hold)
        local.once('close', release)
        connectRemote(saved, { timeoutMs: o.timeoutMs }).then(
          (remote) => {
            local.off('message', hold)
            release()
            if (local.readyState !== local.OPEN) return remote.close()
            remotes.add(remote)
            remote.once('close', () => remotes.delete(remote))
            relay(local, remote, { host: saved.name, log: o.log, queuedInAll })
            for (const data of early) remote.send(data)
          },
          (err: unknown) => {
            release()
            o.log(`hosts: ${(err as Error).message}`)
            // A close reason is at most 123 bytes.
            local.close(1011, closeReason((err as Error).message))
          },
        )
      })
      return true
    },

    close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
    },
  }
}
