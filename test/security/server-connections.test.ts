// Connections nobody finishes: 1,500 sockets that send half a request head (no credentials needed,
// so off loopback too) held every file descriptor a 1,024-descriptor `gapwatch serve` had. The
// sampler then failed ("EMFILE: too many open files" on /proc and every sample listener) for as long
// as the sockets stayed, and every other client was refused by the kernel. Now the server holds at
// most MAX_HTTP_CONNECTIONS sockets and MAX_HTTP_CONNECTIONS_PER_ADDRESS from one address, closing
// the rest at once: the engine keeps its descriptors and other addresses are still served.
// Linux only, like the rest of the suite: every 127.x.y.z address is loopback, so 127.0.0.2… play
// attackers beside a client on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MAX_HTTP_CONNECTIONS, MAX_HTTP_CONNECTIONS_PER_ADDRESS } from '../../shared/limits.ts'
import { gapwatchBin, tempDir } from '../helpers/serve.ts'
import { NO_GPU } from '../helpers/gpu.ts'

/** A connection that sends half a request head and then nothing: closed tells whether the server hung up. */
interface Held {
  socket: net.Socket
  closed: boolean
}

function hold(port: number, from: string): Promise<Held> {
  return new Promise((resolve) => {
    const h: Held = { socket: net.connect({ port, host: '127.0.0.1', localAddress: from }), closed: false }
    h.socket.on('error', () => {})
    h.socket.on('close', () => (h.closed = true))
    h.socket.on('connect', () => {
      h.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n')
      resolve(h)
    })
    h.socket.on('close', () => resolve(h))
  })
}

async function holdMany(port: number, from: string[], each: number): Promise<Held[]> {
  const all: Held[] = []
  for (const address of from) for (let i = 0; i < each; i++) all.push(await hold(port, address))
  return all
}

const held: Held[] = []
afterEach(() => {
  for (const h of held.splice(0)) h.socket.destroy()
})

/** `gapwatch serve` with at most `fds` descriptors (soft and hard: Node cannot raise it). */
let child: ChildProcess
let url: string
let dataDir: string
let stderr = ''
beforeAll(async () => {
  dataDir = tempDir('gw-conns-')
  child = spawn('sh', ['-c', 'ulimit -n 1024 && exec "$0" "$@"', process.execPath, gapwatchBin, 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GAPWATCH_NVIDIA_SMI: NO_GPU },
  })
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /gapwatch serve: (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1])
    })
  })
}, 30_000)
afterAll(async () => {
  if (child.exitCode !== null) return
  await new Promise((done) => {
    child.once('exit', done)
    child.kill('SIGTERM')
  })
})

const port = () => Number(new URL(url).port)
/**
 * Bytes the store has appended to its raw log: grows with every second's flush of samples, and is
 * emptied once an hour's blocks are committed, so a flush shows as a change, not always as growth.
 */
const rawLogBytes = () => fs.statSync(path.join(dataDir, 'gapwatch.db-rawlog')).size

describe('connections held open without a request', () => {
  it(`one address keeps at most ${MAX_HTTP_CONNECTIONS_PER_ADDRESS}; another address is still served`, async () => {
    held.push(...(await holdMany(port(), ['127.0.0.2'], MAX_HTTP_CONNECTIONS_PER_ADDRESS + 50)))
    await expect.poll(() => held.filter((h) => h.closed).length, { timeout: 30_000 }).toBe(50)
    const r = await fetch(`${url}/api/health`)
    expect(r.status).toBe(200)
    expect(stderr).toMatch(/http: connections from 127\.0\.0\.2 refused past \d+ at once/)
  }, 60_000)

  it(`many addresses: at most ${MAX_HTTP_CONNECTIONS} in all, and the engine keeps its file descriptors`, async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `127.0.1.${i + 1}`)
    held.push(...(await holdMany(port(), addresses, 100))) // 1,200 sockets, each address under its own cap
    await expect.poll(() => held.filter((h) => !h.closed).length, { timeout: 30_000 }).toBeLessThanOrEqual(MAX_HTTP_CONNECTIONS)
    expect(stderr).toMatch(/http: connections refused past \d+ at once/)
    // Three more flushes of samples while the sockets are held: the sampler and the store run.
    for (let i = 0; i < 3; i++) {
      const before = rawLogBytes()
      await expect.poll(rawLogBytes, { timeout: 30_000 }).not.toBe(before)
    }
    expect(stderr).not.toContain('EMFILE')
    for (const h of held.splice(0)) h.socket.destroy()
    await expect.poll(async () => (await fetch(`${url}/api/health`)).status, { timeout: 30_000 }).toBe(200)
  }, 90_000)
})
