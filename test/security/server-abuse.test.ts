// Abuses of a real `gapwatch serve` found in review: scaling experiments that pile up workers and
// outlive their client, a scan queue without end (and a poolStatus reply that lists it all),
// aborted uploads that leave temp files behind, and a command name that writes terminal escapes
// into the log.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MAX_BENCH_TOTAL_CANDLES, MAX_LISTED_POOL_JOBS, MAX_QUEUED_SCAN_JOBS, maxBenchWorkers } from '../../shared/limits.ts'
import { frame, framesOf, portOf, rawWebSocket } from '../helpers/raw-http.ts'
import { startServe, tempDir, type Served } from '../helpers/serve.ts'

interface Reply {
  id?: number
  ok?: boolean
  result?: unknown
  error?: string
}

/** A WebSocket client that matches replies to requests by id. */
async function client(url: string): Promise<{ call(command: string, params?: unknown): Promise<Reply>; close(): void }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  let next = 1
  const waiting = new Map<number, (r: Reply) => void>()
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as Reply
    if (typeof m.id === 'number') waiting.get(m.id)?.(m)
  })
  return {
    call(command, params = {}) {
      const id = next++
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        ws.send(JSON.stringify({ id, command, params }))
      })
    },
    close: () => ws.close(),
  }
}

/** The server's child processes (its workers). */
function childrenOf(pid: number): number {
  try {
    return execFileSync('ps', ['--ppid', String(pid), '--no-headers', '-o', 'pid']).toString().trim().split('\n').filter(Boolean).length
  } catch {
    return 0 // ps exits 1 when there are none
  }
}

describe('gapwatch serve under abuse', () => {
  let served: Served
  let uploads: string
  beforeAll(async () => {
    const dataDir = tempDir('gw-abuse-')
    uploads = path.join(dataDir, 'imports', '.uploads')
    fs.mkdirSync(uploads, { recursive: true })
    fs.writeFileSync(path.join(uploads, 'left-by-a-crash.csv'), 'time,open\n')
    served = await startServe(['--interval', '1s'], dataDir)
  })
  afterAll(async () => {
    await served.stop()
  })

  describe('the scaling experiment (bench)', () => {
    it('runs one at a time, and a cancel-all stops it and its workers', async () => {
      const ws = await client(served.url)
      const before = childrenOf(served.child.pid!)
      // 50 × 1,000,000 candles on 2 workers: minutes of work unless it is stopped.
      const first = ws.call('bench', { symbols: 50, candles: 1_000_000, workers: [2] })
      await expect.poll(() => childrenOf(served.child.pid!), { timeout: 20_000 }).toBeGreaterThanOrEqual(before + 2)
      const second = await ws.call('bench', { symbols: 1, candles: 1000, workers: [1] })
      expect(second.ok).toBe(false)
      expect(second.error).toMatch(/a scaling experiment is already running/i)

      const cancel = await ws.call('scanCancel', {})
      expect(cancel.ok).toBe(true)
      const ended = await first
      expect(ended.ok).toBe(false)
      expect(ended.error).toMatch(/cancelled/)
      await expect.poll(() => childrenOf(served.child.pid!), { timeout: 10_000 }).toBeLessThanOrEqual(before)
      // The next one may run.
      const again = await ws.call('bench', { symbols: 1, candles: 1000, workers: [1] })
      expect(again).toMatchObject({ ok: true })
      ws.close()
    }, 60_000)

    it('refuses more workers than the machine allows and too many candles', async () => {
      const ws = await client(served.url)
      const cap = maxBenchWorkers(os.availableParallelism())
      const many = await ws.call('bench', { symbols: 1, candles: 1000, workers: [cap + 1] })
      expect(many.ok).toBe(false)
      expect(many.error).toMatch(/workers/)
      const huge = await ws.call('bench', { symbols: 100, candles: 5_000_000, workers: [1] })
      expect(huge.ok).toBe(false)
      expect(huge.error).toContain(`symbols × candles may be at most ${MAX_BENCH_TOTAL_CANDLES.toLocaleString('en-US')}`)
      ws.close()
    })
  })

  describe('the scan queue', () => {
    it('gives a repeated scan the ids of the one already queued', async () => {
      const ws = await rawWebSocket(portOf(served.url))
      // Both requests in one write: the second arrives while every job of the first is still waiting.
      const scan = (id: number) => frame(0x1, Buffer.from(JSON.stringify({ id, command: 'scanStart', params: { queue: 'backfill', options: { minGap: { kind: 'percent', value: 7 } } } })))
      ws.socket.write(Buffer.concat([scan(1), scan(2)]))
      const replies = () =>
        framesOf(ws.received())
          .filter((f) => f.opcode === 0x1)
          .map((f) => JSON.parse(f.payload.toString()) as Reply & { result?: { jobIds: number[] } })
          .filter((m) => typeof m.id === 'number')
      await expect.poll(() => replies().length, { timeout: 10_000 }).toBe(2)
      const [a, b] = replies().sort((x, y) => x.id! - y.id!)
      expect(a.result!.jobIds.length).toBeGreaterThan(0)
      expect(b.result!.jobIds).toEqual(a.result!.jobIds)
      ws.socket.destroy()
    })

    it(`refuses scans past ${MAX_QUEUED_SCAN_JOBS} queued, and poolStatus lists at most ${MAX_LISTED_POOL_JOBS} active jobs with exact counts`, async () => {
      const ws = await client(served.url)
      expect((await ws.call('setSettings', { workers: 1 })).ok).toBe(true)
      let refused: Reply | null = null
      let calls = 0
      // Each call differs (its minimum gap), so none joins another: a job per watchlist symbol each.
      while (calls < (MAX_QUEUED_SCAN_JOBS / 2) && refused === null) {
        const r = await ws.call('scanStart', { queue: 'backfill', options: { minGap: { kind: 'percent', value: 100 + calls } } })
        calls++
        if (!r.ok) refused = r
      }
      expect(refused?.error).toMatch(new RegExp(`scan queue is full.*limit of ${MAX_QUEUED_SCAN_JOBS}`))

      const status = await ws.call('poolStatus')
      const { stats, jobs } = status.result as { stats: { queued: number; running: number }; jobs: { state: string }[] }
      const active = jobs.filter((j) => j.state === 'queued' || j.state === 'running')
      expect(stats.queued + stats.running).toBeGreaterThan(MAX_LISTED_POOL_JOBS)
      expect(active).toHaveLength(MAX_LISTED_POOL_JOBS)
      expect(JSON.stringify(status).length).toBeLessThan(200_000)

      const cancelled = await ws.call('scanCancel', {})
      expect((cancelled.result as { cancelled: number }).cancelled).toBeGreaterThan(MAX_QUEUED_SCAN_JOBS / 2)
      ws.close()
    }, 60_000)
  })

  describe('aborted uploads', () => {
    it('sweeps what a crash left in the uploads folder at start', () => {
      expect(fs.existsSync(path.join(uploads, 'left-by-a-crash.csv'))).toBe(false)
    })

    it('leave no temp file behind, cut off after the headers or mid-body', async () => {
      const port = portOf(served.url)
      const abort = (k: number) =>
        new Promise<void>((resolve) => {
          const s = net.connect(port, '127.0.0.1', () => {
            s.write(`POST /api/import?name=AB${k}.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n`)
            if (k % 2 === 1) s.write('time,open,high,low,close\n' + '1000000000,1,1,1,1\n'.repeat(100))
            s.destroy()
            resolve()
          })
          s.on('error', () => resolve())
        })
      for (let k = 0; k < 200; k++) await abort(k)
      // Settled: the server still answers, and the folder empties once every stream has closed.
      expect((await fetch(`${served.url}/api/health`)).status).toBe(200)
      await expect.poll(() => (fs.existsSync(uploads) ? fs.readdirSync(uploads) : []), { timeout: 10_000 }).toEqual([])
    }, 60_000)
  })

  describe('a command name made of terminal escapes', () => {
    const ESC = '\x1b'
    it('is refused past 64 characters, with a short reply and nothing raw in the log', async () => {
      const ws = await client(served.url)
      const r = await ws.call(`${ESC}[2J${ESC}[31mFAKE: engine compromised${ESC}[0m\n${'A'.repeat(200_000)}`)
      expect(r.ok).toBe(false)
      expect(r.error!.length).toBeLessThan(200)
      await expect.poll(() => served.stderr(), { timeout: 5000 }).toMatch(/invalid request ignored/)
      expect(served.stderr()).not.toContain(ESC)
      expect(served.stderr()).not.toMatch(/^FAKE/m)
      expect(served.stderr().length).toBeLessThan(20_000)
      ws.close()
    })

    it('is quoted, escaped and clipped in the unknown-command reply and its log line', async () => {
      const ws = await client(served.url)
      const r = await ws.call(`${ESC}[31mFAKE\nline${'B'.repeat(50)}`)
      expect(r.ok).toBe(false)
      expect(r.error).toMatch(/^Unknown command "\\x1b\[31mFAKE\\x0aline/)
      expect(r.error!.length).toBeLessThan(200)
      await expect.poll(() => served.stderr(), { timeout: 5000 }).toMatch(/ws: "\\x1b\[31mFAKE\\x0aline.*failed/)
      expect(served.stderr()).not.toContain(ESC)
      expect(served.stderr()).not.toMatch(/^line/m)
      ws.close()
    })
  })
})
