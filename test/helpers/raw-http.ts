// Raw sockets for requests and WebSocket frames no well-behaved client would send: malformed
// request lines and headers, bad frames, clients that never read or never answer pings.
import crypto from 'node:crypto'
import net from 'node:net'

export function portOf(url: string): number {
  return Number(new URL(url).port)
}

/**
 * Sends `head` (a request line and headers promising a body), then `parts` `everyMs` apart, then
 * nothing; resolves with everything the server sent once it closes the socket (a slow or stalled body).
 */
export function dripRequest(port: number, head: string, parts: readonly string[], everyMs: number): Promise<string> {
  return new Promise((resolve) => {
    let drip: NodeJS.Timeout | undefined
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head)
      const send = (i: number) => {
        if (i >= parts.length || !socket.writable) return
        socket.write(parts[i])
        drip = setTimeout(() => send(i + 1), everyMs)
      }
      send(0)
    })
    let reply = ''
    socket.on('data', (d) => (reply += d.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(drip)
      resolve(reply)
    })
  })
}

/** Sends `text` as is and resolves with everything the server sent until it closed (or `ms` passed). */
export function rawRequest(port: number, text: string, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let out = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve(out)
    }, ms)
    socket.on('data', (d) => (out += d.toString('latin1')))
    socket.on('error', (err) => {
      clearTimeout(timer)
      if (out) resolve(out)
      else reject(err)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(out)
    })
    socket.write(text)
  })
}

/** Sends `text` and resolves with the response head (status line and headers), then hangs up. */
export function rawHead(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let out = ''
    socket.on('data', (d) => {
      out += d.toString('latin1')
      const end = out.indexOf('\r\n\r\n')
      if (end < 0) return
      socket.destroy()
      resolve(out.slice(0, end))
    })
    socket.on('error', reject)
    socket.on('close', () => reject(new Error(`closed before a full response head: ${out}`)))
    socket.write(text)
  })
}

/** The status code of a raw HTTP response. */
export function statusOf(response: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0)
}

export function upgradeRequest(target: string, headers: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    host: '127.0.0.1',
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': crypto.randomBytes(16).toString('base64'),
    'sec-websocket-version': '13',
    ...headers,
  }
  return `GET ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`
}

export interface RawWs {
  socket: net.Socket
  /** Bytes received after the handshake (frames). */
  received(): Buffer
  closed: Promise<void>
}

/** Opens a WebSocket by hand on a raw socket; resolves once the server answered 101. */
export function rawWebSocket(port: number, headers: Record<string, string> = {}): Promise<RawWs> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let buf = Buffer.alloc(0)
    let open = false
    const closed = new Promise<void>((done) => socket.on('close', () => done()))
    socket.on('error', (err) => {
      if (!open) reject(err)
    })
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      if (open) return
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = buf.subarray(0, end).toString('latin1')
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no upgrade: ${head}`))
      open = true
      buf = buf.subarray(end + 4)
      resolve({ socket, received: () => buf, closed })
    })
    socket.write(upgradeRequest('/api/stream', { host: `127.0.0.1:${port}`, ...headers }))
  })
}

/** One client frame; clients must mask, so `mask: false` makes a frame the server must refuse. */
export function frame(opcode: number, payload: Buffer, o: { mask?: boolean } = {}): Buffer {
  const mask = o.mask ?? true
  const len = payload.length
  const ext = len < 126 ? Buffer.alloc(0) : len < 65536 ? Buffer.alloc(2) : Buffer.alloc(8)
  if (len >= 126 && len < 65536) ext.writeUInt16BE(len)
  if (len >= 65536) ext.writeBigUInt64BE(BigInt(len))
  const head = Buffer.from([0x80 | opcode, (mask ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127)])
  if (!mask) return Buffer.concat([head, ext, payload])
  const key = crypto.randomBytes(4)
  const body = Buffer.from(payload.map((b, i) => b ^ key[i & 3]))
  return Buffer.concat([head, ext, key, body])
}

/** The complete server frames (unmasked) in `buf`. */
export function framesOf(buf: Buffer): { opcode: number; payload: Buffer }[] {
  const out: { opcode: number; payload: Buffer }[] = []
  let i = 0
  while (i + 2 <= buf.length) {
    let len = buf[i + 1] & 0x7f
    let at = i + 2
    if (len === 126) {
      if (at + 2 > buf.length) break
      len = buf.readUInt16BE(at)
      at += 2
    } else if (len === 127) {
      if (at + 8 > buf.length) break
      len = Number(buf.readBigUInt64BE(at))
      at += 8
    }
    if (at + len > buf.length) break
    out.push({ opcode: buf[i] & 0x0f, payload: buf.subarray(at, at + len) })
    i = at + len
  }
  return out
}

/** The code of the first close frame in `buf`, or null. */
export function closeCodeOf(buf: Buffer): number | null {
  const close = framesOf(buf).find((f) => f.opcode === 0x8)
  if (!close) return null
  return close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005
}
