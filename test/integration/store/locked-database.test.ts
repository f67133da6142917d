// Another program holding gapwatch.db locked (a backup or an inspection tool in a write transaction;
// here a second better-sqlite3 connection in BEGIN EXCLUSIVE) froze the engine's one thread for the
// 2 s busy timeout on every write: the sampler, the WebSocket and /api/health all stalled. The
// engine's writes now give up after ENGINE_DB_BUSY_TIMEOUT_MS, the history waits in memory and lands
// at the next flush once the lock is gone, and the user is told once, with the lock named. Alert
// log, state and delivery rows wait in memory the same way (they were dropped with one notice).
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

/** An engine on a fresh data directory (removed after the test), with its private connection. */
function engineIn(prefix: string): { dir: string; e: Engine; db: Database.Database } {
  const dir = tempDir(prefix)
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
  cleanup.push(() => e.stop())
  const db = (e as unknown as { db: Database.Database }).db // private: the test reads what the engine's connection holds
  return { dir, e, db }
}

describe('the engine while another program holds gapwatch.db locked', () => {
  it('answers at once (a write fails fast, told once, naming the lock), and the history lands once the lock is released', async () => {
    const { dir, e, db } = engineIn('gw-locked-db-')
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

describe('alert rows while another program holds gapwatch.db locked', () => {
  it('are kept in order and written once the lock is released, not lost to the short busy timeout', async () => {
    const { dir, e, db } = engineIn('gw-locked-alerts-')
    const notices: string[] = []
    e.on('error', (x) => notices.push(x.message))
    e.on('warning', (x) => notices.push(x.message))
    await e.start() // samples, and a flush after them
    const store = e.alerts.store
    const now = Date.now() // rows older than the log's keep would be purged
    const status = { state: 'firing' as const, activeAt: now - 1000, firedAt: now, lastActiveAt: now, value: 91, peak: 95 }

    const other = new Database(path.join(dir, 'gapwatch.db'))
    cleanup.push(() => other.close())
    other.exec('BEGIN EXCLUSIVE')
    store.log(now, 'lock-test', 'warning', 'firing', 91, 'CPU high', null)
    store.saveState({ rule: 'lock-test', status, notified: true, acknowledgedAt: null })
    store.logDelivery({ t: now, rule: 'lock-test', url: 'https://hooks.example/x', status: 'delivered', attempts: 1, httpStatus: 200, error: null })
    store.log(now + 1, 'lock-test', 'warning', 'resolved', 40, 'CPU back', null)
    store.deleteState('lock-test')
    // A rule name of its own: the engine's live rules may write rows meanwhile too.
    expect(store.unsaved).toBeGreaterThanOrEqual(5)
    expect(notices.filter((n) => /^Could not save .*\(database is locked.*another program holds gapwatch\.db locked\); keeping it in memory and retrying\.$/.test(n))).toHaveLength(1)
    other.exec('COMMIT')

    // The engine's next flush (after a sample) writes them, in order.
    await expect.poll(() => store.unsaved, { timeout: 20_000, interval: 50 }).toBe(0)
    expect(db.prepare('SELECT t, state, message FROM alert_log WHERE rule = ? ORDER BY id').all('lock-test')).toEqual([
      { t: now, state: 'firing', message: 'CPU high' },
      { t: now + 1, state: 'resolved', message: 'CPU back' },
    ])
    expect(db.prepare("SELECT count(*) FROM alert_state WHERE rule = 'lock-test'").pluck().get()).toBe(0) // saved, then deleted
    expect(db.prepare('SELECT url, http_status FROM alert_delivery WHERE rule = ?').all('lock-test')).toEqual([{ url: 'https://hooks.example/x', http_status: 200 }])
  }, 30_000)
})
