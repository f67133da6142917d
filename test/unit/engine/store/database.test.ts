import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { SettingsStore } from '../../../../electron/engine/store/settings-store.ts'
import { lockDataDir, InstanceLockedError } from '../../../../electron/engine/store/lock.ts'
import { defaultSettings } from '../../../../shared/settings.ts'
import { tempDir } from '../../../helpers/temp.ts'

let dir: string
beforeEach(() => (dir = tempDir('gw-db-')))

describe('openDatabase', () => {
  it('uses WAL, synchronous=NORMAL and records the schema version', () => {
    const db = openDatabase(path.join(dir, 'a.db'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1)
    db.close()
  })

  it('moves a file that is not a database aside and starts a fresh one, with a warning', () => {
    const file = path.join(dir, 'gapwatch.db')
    fs.writeFileSync(file, 'this is not sqlite at all, just some text that is long enough'.repeat(100))
    const warnings: string[] = []
    const db = openDatabase(file, { onWarning: (m) => warnings.push(m), now: () => new Date('2026-01-02T03:04:05Z') })
    expect(db.prepare('SELECT count(*) AS n FROM rollup_1m').get()).toEqual({ n: 0 })
    db.close()
    const moved = `${file}.corrupt-2026-01-02T03-04-05-000Z`
    expect(fs.readFileSync(moved, 'utf8')).toMatch(/^this is not sqlite/)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(moved)
  })

  it('moves aside a database whose pages are damaged (quick_check fails)', () => {
    const file = path.join(dir, 'gapwatch.db')
    const db = openDatabase(file)
    const insert = db.prepare('INSERT INTO rollup_1m (metric_id, t, min, max, sum, count) VALUES (1, ?, ?, 0, 0, 1)')
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(i, i)
    })()
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    // Overwrite the middle of the file (b-tree pages) with garbage, keeping the header intact.
    const fd = fs.openSync(file, 'r+')
    const size = fs.fstatSync(fd).size
    fs.writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(size / 2 / 4096) * 4096)
    fs.closeSync(fd)
    const warnings: string[] = []
    const fresh = openDatabase(file, { onWarning: (m) => warnings.push(m) })
    expect(fresh.prepare('SELECT count(*) AS n FROM rollup_1m').get()).toEqual({ n: 0 })
    fresh.close()
    expect(warnings).toHaveLength(1)
    expect(fs.readdirSync(dir).some((f) => f.startsWith('gapwatch.db.corrupt-'))).toBe(true)
  })
})

describe('SettingsStore', () => {
  it('returns defaults, saves a validated patch, and reads it back after reopening', () => {
    const file = path.join(dir, 's.db')
    let db = openDatabase(file)
    const store = new SettingsStore(db)
    expect(store.get()).toEqual(defaultSettings)
    store.update({ sampleIntervalMs: 500, workers: 3 })
    db.close()
    db = openDatabase(file)
    expect(new SettingsStore(db).get()).toMatchObject({ sampleIntervalMs: 500, workers: 3 })
    db.close()
  })

  it('rejects an invalid value naming the field, and keeps the old settings', () => {
    const db = openDatabase(path.join(dir, 's.db'))
    const store = new SettingsStore(db)
    expect(() => store.update({ sampleIntervalMs: 10 })).toThrow(/sampleIntervalMs/)
    expect(store.get().sampleIntervalMs).toBe(1000)
    db.close()
  })

  it.each(['null', '"str"', '42', '[]', 'true'])('falls back to the defaults, with the warning, for a saved document %s', (doc) => {
    const db = openDatabase(path.join(dir, 'n.db'))
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('settings', ?)").run(doc)
    const warnings: string[] = []
    expect(new SettingsStore(db, (m) => warnings.push(m)).get()).toEqual(defaultSettings)
    expect(warnings).toEqual([expect.stringMatching(/^Some saved settings were invalid and were reset to defaults: \(root\): .*expected object/)])
    db.close()
  })

  it('resets only the fields of a saved document that no longer validate', () => {
    const db = openDatabase(path.join(dir, 's.db'))
    db.prepare("INSERT INTO settings (key, value) VALUES ('settings', ?)").run(JSON.stringify({ workers: 4, sampleIntervalMs: -3 }))
    const warnings: string[] = []
    const s = new SettingsStore(db, (m) => warnings.push(m)).get()
    expect(s.workers).toBe(4)
    expect(s.sampleIntervalMs).toBe(1000)
    expect(warnings[0]).toMatch(/sampleIntervalMs/)
    db.close()
  })
})

describe('lockDataDir', () => {
  it('refuses a second holder while the first lives, and allows it after release', () => {
    const lock = lockDataDir(dir)
    fs.writeFileSync(path.join(dir, 'gapwatch.lock'), String(process.ppid)) // a live process that is not us
    expect(() => lockDataDir(dir)).toThrow(InstanceLockedError)
    fs.writeFileSync(path.join(dir, 'gapwatch.lock'), String(process.pid))
    lock.release()
    expect(fs.existsSync(path.join(dir, 'gapwatch.lock'))).toBe(false)
    lockDataDir(dir).release()
  })

  it('takes over a lock whose owner is gone', () => {
    fs.writeFileSync(path.join(dir, 'gapwatch.lock'), '999999999')
    const lock = lockDataDir(dir)
    expect(fs.readFileSync(path.join(dir, 'gapwatch.lock'), 'utf8')).toBe(String(process.pid))
    lock.release()
  })
})
