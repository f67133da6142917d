// A full disk under a real `gapwatch serve`: its data directory is on a 2 MB tmpfs that the test
// fills. Scans, their run records, history and a settings change all fail to save: the process
// stays up, answers with errors, says so once, keeps the scan's zones in memory, and saves them
// (and everything after) once there is room again.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import Database from 'better-sqlite3'
import { startServe, type Served } from '../helpers/serve.ts'
import { openDatabase } from '../../electron/engine/store/database.ts'
import { tempDir } from '../helpers/temp.ts'

/** Mounts a 2 MB tmpfs on a fresh temp dir; null (with why) when not root or mount fails. */
function mountTmpfs(): { dir: string | null; why: string } {
  if (process.getuid?.() !== 0) return { dir: null, why: 'not root' }
  const dir = tempDir('gw-full-')
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' })
    return { dir, why: '' }
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true })
    return { dir: null, why: `mount -t tmpfs failed: ${(err as Error).message.split('\n')[0]}` }
  }
}

const mount = mountTmpfs()
const mnt = mount.dir
const skipReason = mnt ? '' : ` (skipped: ${mount.why}; the test needs root to mount a 2 MB tmpfs)`

/** A WebSocket client of the contract: commands with replies, and the events seen so far. */
class Client {
  readonly events: Array<{ event: string; data: unknown }> = []
  private readonly ws: WebSocket
  private nextId = 1
  private readonly waiting = new Map<number, (r: { ok: boolean; result?: unknown; error?: string }) => void>()
  private readonly watchers = new Set<() => void>()

  constructor(url: string) {
    this.ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`, { headers: { origin: url } })
    this.ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { id?: number; event?: string; data?: unknown; ok?: boolean }
      if (typeof msg.id === 'number') this.waiting.get(msg.id)?.(msg as { ok: boolean })
      else if (msg.event) this.events.push({ event: msg.event, data: msg.data })
      for (const w of this.watchers) w()
    })
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve())
      this.ws.once('error', reject)
    })
  }

  call(command: string, params: unknown = {}): Promise<{ ok: boolean; result?: unknown; error?: string }> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      this.ws.send(JSON.stringify({ id, command, params }))
    })
  }

  /** Resolves when `test` holds over the events seen (checked on every message). */
  until<T>(test: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = test()
        if (!v) return
        clearTimeout(timer)
        this.watchers.delete(check)
        resolve(v)
      }
      const timer = setTimeout(() => {
        this.watchers.delete(check)
        reject(new Error(`timed out waiting for ${what}`))
      }, ms)
      this.watchers.add(check)
      check()
    })
  }

  jobDone(jobId: number): Promise<unknown> {
    return this.until(
      () => this.events.find((e) => e.event === 'poolJob' && (e.data as { id: number; state: string }).id === jobId && (e.data as { state: string }).state === 'done'),
      `job ${jobId} done`,
      60_000,
    )
  }

  close(): void {
    this.ws.close()
  }
}

/** Writes zeros until the file system says ENOSPC; returns the filler's path. */
function fill(dir: string): string {
  const file = path.join(dir, 'filler')
  const fd = fs.openSync(file, 'w')
  try {
    for (const size of [256 << 10, 4096, 512]) {
      const chunk = Buffer.alloc(size)
      for (;;) {
        try {
          fs.writeSync(fd, chunk)
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
          break
        }
      }
    }
  } finally {
    fs.closeSync(fd)
  }
  return file
}

const storeErrors = (served: Served) => served.stderr().split('\n').filter((l) => l.startsWith('error (store)'))

describe('a full disk under gapwatch serve', () => {
  let served: Served
  let client: Client
  beforeAll(async () => {
    if (!mnt) return
    // One stored scan, so serve skips the first-run scan of all 15 demo symbols (that alone fills 2 MB).
    const dataDir = path.join(mnt, 'data')
    fs.mkdirSync(dataDir)
    const seed = openDatabase(path.join(dataDir, 'gapwatch.db'))
    seed.prepare("INSERT INTO symbol_scan VALUES ('SEED', '15m', '{}', 0, NULL, NULL, NULL, NULL, 0, 0, 0)").run()
    seed.close()
    served = await startServe([], dataDir)
    client = new Client(served.url)
    await client.open()
  })
  afterAll(async () => {
    client?.close()
    if (served?.child.exitCode === null) await served.stop('SIGKILL')
    if (mnt) {
      execFileSync('umount', [mnt])
      fs.rmSync(mnt, { recursive: true, force: true })
    }
  })

  it.skipIf(!mnt)(`stays up, says so once, keeps the zones in memory and saves them when there is room${skipReason}`, async () => {
    const before = (await client.call('getSettings')).result as { workers: number }
    const filler = fill(mnt!)

    // A scan: its run records and zones cannot be written.
    const started = await client.call('scanStart', { symbols: ['EURUSD'] })
    expect(started.error).toBeUndefined()
    const [jobId] = (started.result as { jobIds: number[] }).jobIds
    await client.jobDone(jobId)

    // A settings change: refused with the cause, nothing changed.
    const refused = await client.call('setSettings', { workers: before.workers + 1 })
    expect(refused.ok).toBe(false)
    expect(refused.error).toMatch(/settings could not be saved \(database or disk is full.*\); nothing was changed/)
    expect(((await client.call('getSettings')).result as { workers: number }).workers).toBe(before.workers)

    // Alive and answering; the zones are served from memory.
    expect(served.child.exitCode).toBeNull()
    expect(((await client.call('health')).result as { ok: boolean }).ok).toBe(true)
    const zones = (await client.call('zones', { symbol: 'EURUSD', timeframe: '15m', limit: 5 })).result as unknown[]
    expect(zones.length).toBe(5)
    const watch = (await client.call('watchlist')).result as Array<{ symbol: string; scans: Array<{ fvgs: number }> }>
    const fvgs = watch.find((w) => w.symbol === 'EURUSD')!.scans[0].fvgs
    expect(fvgs).toBeGreaterThan(100)

    // One notice for the whole episode, on the stream and in the log.
    await client.until(() => storeErrors(served).length > 0, 'the store error in the log')
    expect(storeErrors(served)).toHaveLength(1)
    expect(storeErrors(served)[0]).toMatch(/full/)
    expect(client.events.filter((e) => e.event === 'error' && (e.data as { source: string }).source === 'store')).toHaveLength(1)

    // Room again: the held-back zones are written, and so are a later scan's and a settings change.
    fs.rmSync(filler)
    const saved = await client.call('setSettings', { workers: before.workers + 1 })
    expect(saved.ok).toBe(true)
    const later = await client.call('scanStart', { symbols: ['EURUSD'], timeframe: '1h' })
    await client.jobDone((later.result as { jobIds: number[] }).jobIds[0])
    expect(await served.stop('SIGTERM')).toBe(0) // a clean stop flushes what is left

    const db = new Database(path.join(served.dataDir, 'gapwatch.db'), { readonly: true })
    try {
      const count = (tf: string) => (db.prepare("SELECT count(*) AS n FROM fvg_zone WHERE symbol = 'EURUSD' AND timeframe = ?").get(tf) as { n: number }).n
      expect(count('15m')).toBe(fvgs)
      expect(count('1h')).toBeGreaterThan(0)
      const jobs = db.prepare("SELECT state FROM pool_job WHERE symbol = 'EURUSD'").all() as Array<{ state: string }>
      expect(jobs.map((j) => j.state)).toEqual(['done', 'done'])
      const settings = JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'settings'").get() as { value: string }).value) as { workers: number }
      expect(settings.workers).toBe(before.workers + 1)
    } finally {
      db.close()
    }
  })

  it.skipIf(!mnt)(`starts on a full disk (a monitor is needed most then), with --interval for this run only${skipReason}`, async () => {
    const filler = fill(mnt!)
    try {
      const again = await startServe(['--interval', '2s'], served.dataDir)
      served = again
      const health = (await (await fetch(`${again.url}/api/health`, { headers: { origin: again.url } })).json()) as { ok: boolean }
      expect(health.ok).toBe(true)
      expect(again.stderr()).toMatch(/settings could not be saved \(database or disk is full.*\); nothing was changed\. The interval 2000 ms holds for this run only\./)
      expect(await again.stop('SIGTERM')).toBe(0)
    } finally {
      fs.rmSync(filler)
    }
  })
})
