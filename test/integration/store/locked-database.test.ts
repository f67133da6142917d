// Another program holding gapwatch.db locked (a backup or an inspection tool in a write transaction;
// here a second better-sqlite3 connection in BEGIN EXCLUSIVE) froze the engine's one thread for the
// 2 s busy timeout on every write: the sampler, the WebSocket and /api/health all stalled. The
// engine's writes now give up after ENGINE_DB_BUSY_TIMEOUT_MS, the history waits in memory and lands
// at the next flush once the lock is gone, and the user is told once, with the lock named.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { ENGINE_DB_BUSY_TIMEOUT_MS } from '../../../shared/limits.ts'
import { NO_GPU } from '../../helpers/gpu.ts'
import { tempDir } from '../../helpers/temp.ts'

/** SQLite waits the whole busy timeout before it answers SQLITE_BUSY: the engine's old one. */
const OLD_BUSY_TIMEOUT_MS = 2000
const HOUR = 3_600_000

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

describe('the engine while another program holds gapwatch.db locked', () => {
  it('answers at once (a write fails fast, told once, naming the lock), and the history lands once the lock is released', async () => {
    const dir = tempDir('gw-locked-db-')
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    cleanup.push(() => e.stop())
    const db = (e as unknown as { db: Database.Database }).db // private: the test reads what the engine's connection holds
    const notices: string[] = []
    e.on('error', (x) => notices.push(x.message))
    expect(db.pragma('busy_timeout', { simple: true })).toBe(ENGINE_DB_BUSY_TIMEOUT_MS)

    const now = Date.now()
    e.metrics.append(now, [['cpu.total', 10]])
    expect(e.metrics.flush()).toBe(true) // the open hour: its raw log, not SQLite

    const other = new Database(path.join(dir, 'gapwatch.db'))
    cleanup.push(() => other.close())
    other.exec('BEGIN EXCLUSIVE')

    // A sample of an earlier hour is written to SQLite at once: under the lock it waits in memory.
    e.metrics.append(now - 2 * HOUR, [['cpu.total', 42]])
    let t = performance.now()
    expect(e.metrics.flush()).toBe(false)
    expect(performance.now() - t).toBeLessThan(OLD_BUSY_TIMEOUT_MS) // before: never under the 2 s wait
    expect(e.metrics.buffered).toBe(1)

    t = performance.now()
    await expect(e.call('setSettings', { workers: 3 })).rejects.toThrow(/database is locked/)
    expect(performance.now() - t).toBeLessThan(OLD_BUSY_TIMEOUT_MS)
    expect(notices).toEqual([expect.stringMatching(/^Could not save history \(database is locked, SQLITE_BUSY: another program holds gapwatch\.db locked\); keeping samples in memory and retrying\.$/)])

    other.exec('COMMIT')
    expect(e.metrics.flush()).toBe(true)
    expect(e.metrics.buffered).toBe(0)
    const stored = db.prepare('SELECT count(*) FROM raw_block WHERE t0 <= ?').pluck().get(now - 2 * HOUR)
    expect(stored).toBe(1)
    await expect(e.call('setSettings', { workers: 3 })).resolves.toMatchObject({ workers: 3 })
  }, 30_000)
})
