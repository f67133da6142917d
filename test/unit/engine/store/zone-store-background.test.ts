// Big scans are written in the background (the engine's thread keeps answering): in small
// transactions over several event-loop turns, served from memory meanwhile, all stored in the end,
// replaced whole by a newer scan, finished at once by flush(), and never left half-written by a crash.
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { ZoneStore } from '../../../../electron/engine/store/zone-store.ts'
import { WriteHealth } from '../../../../electron/engine/store/write-health.ts'
import { scan } from '../../../fixtures/store/zone-scan.ts'
import { tempDir } from '../../../helpers/temp.ts'

let dir: string
let db: Db
let notices: string[]
let health: WriteHealth
beforeEach(() => {
  dir = tempDir('gw-zones-bg-')
  db = openDatabase(path.join(dir, 'gapwatch.db'))
  notices = []
  health = new WriteHealth({ onError: (m) => notices.push(m) })
})
afterEach(() => {
  db.close()
})

const rows = () => (db.prepare('SELECT count(*) AS n FROM fvg_zone').get() as { n: number }).n
const queries = [{}, { openOnly: true }, { visibleFrom: 4000 }, { visibleFrom: 4000, openOnly: true, limit: 7 }]
const answers = (z: ZoneStore) => ({
  zones: queries.map((q) => z.zones('X', '1m', q)),
  scans: z.scans().map(({ scannedAt: _, ...s }) => s),
  count: z.zoneCount('X', '1m'),
})
/** Event-loop turns until the background writes are done. */
async function turnsUntilWritten(z: ZoneStore): Promise<number> {
  let turns = 0
  while (z.writing > 0) {
    await new Promise((r) => setImmediate(r))
    turns++
  }
  return turns
}

describe('ZoneStore background writes', () => {
  it('writes a big scan over several turns, served from memory meanwhile, all of it in the end', async () => {
    const zones = new ZoneStore(db, { health, backgroundRows: 1000 })
    zones.saveScan('X', '1m', '{}', scan(10)) // small: written at once
    expect(rows()).toBe(10)
    // 6037: whole 50-row statements and 37 rows one by one.
    expect(zones.saveScan('X', '1m', '{}', scan(6037, 1))).toBe(true)
    expect(zones.writing).toBe(1)
    expect(rows()).toBe(10) // nothing written yet: the old scan is still whole in the file
    const fromMemory = answers(zones)
    expect(fromMemory.count).toBe(6037)
    expect(await turnsUntilWritten(zones)).toBeGreaterThan(1)
    expect(rows()).toBe(6037)
    expect(answers(zones)).toEqual(fromMemory) // now from the database: the same answers
    expect(notices).toEqual([])
  })

  it('a newer scan of the same symbol replaces one being written, whole', async () => {
    const zones = new ZoneStore(db, { health, backgroundRows: 1000 })
    zones.saveScan('X', '1m', '{}', scan(6000))
    await new Promise((r) => setImmediate(r)) // partly written
    zones.saveScan('X', '1m', '{}', scan(3000, 2))
    await turnsUntilWritten(zones)
    expect(rows()).toBe(3000)
    expect(zones.zones('X', '1m', { limit: 1 })[0].top).toBeCloseTo(3.2, 9)
    // A small one replacing a big one being written is written at once, and the big one's rows go.
    zones.saveScan('X', '1m', '{}', scan(6000))
    await new Promise((r) => setImmediate(r))
    zones.saveScan('X', '1m', '{}', scan(5, 3))
    expect(zones.writing).toBe(0)
    expect(rows()).toBe(5)
    expect(zones.scans()[0].fvgs).toBe(5)
  })

  it('flush() finishes the background writes at once', () => {
    const zones = new ZoneStore(db, { health, backgroundRows: 1000 })
    zones.saveScan('X', '1m', '{}', scan(6000))
    zones.saveScan('X', '5m', '{}', scan(4000))
    zones.flush()
    expect(zones.writing).toBe(0)
    expect(rows()).toBe(10_000)
    expect(zones.scans().map((s) => [s.timeframe, s.fvgs])).toEqual([['1m', 6000], ['5m', 4000]])
  })

  it('after a crash in the middle of a write, the half-written scan is removed, not shown', async () => {
    const zones = new ZoneStore(db, { health, backgroundRows: 1000 })
    zones.saveScan('Y', '1m', '{}', scan(20))
    zones.saveScan('X', '1m', '{}', scan(6000))
    await new Promise((r) => setImmediate(r)) // some rows in, then the process "dies":
    expect(rows()).toBeGreaterThan(20)
    expect(zones.writing).toBe(1)
    const other = openDatabase(path.join(dir, 'gapwatch.db'))
    try {
      const reader = new ZoneStore(other, { health })
      expect(reader.scans().map((s) => s.symbol)).toEqual(['Y'])
      expect(reader.zoneCount('X', '1m')).toBe(0)
      expect(reader.zoneCount('Y', '1m')).toBe(20)
    } finally {
      other.close()
      zones.flush() // the first store's writes end before its database closes
    }
  })

  it('a background write that fails keeps the scan in memory until there is room', async () => {
    const zones = new ZoneStore(db, { health, backgroundRows: 1000 })
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`) // a full disk
    zones.saveScan('X', '1m', '{}', scan(6000))
    const fromMemory = answers(zones)
    await turnsUntilWritten(zones)
    expect(zones.unsaved).toBe(1)
    expect(notices).toHaveLength(1)
    expect(answers(zones)).toEqual(fromMemory)
    db.pragma('max_page_count = 1000000')
    zones.retryPending()
    expect(zones.unsaved).toBe(0)
    expect(rows()).toBe(6000)
    expect(answers(zones)).toEqual(fromMemory)
  })
})
