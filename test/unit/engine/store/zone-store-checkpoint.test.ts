// While a big scan is written in the background, the connection checkpoints its WAL in small steps
// (SQLite checkpoints on the writing thread, in the commit that crosses wal_autocheckpoint): the
// usual value again once the writes are done, or flushed. Issue 13: the engine's thread stays responsive.
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../electron/engine/store/database.ts'
import { BACKGROUND_CHECKPOINT_PAGES, ZoneStore } from '../../../../electron/engine/store/zone-store.ts'
import { WriteHealth } from '../../../../electron/engine/store/write-health.ts'
import { scan } from '../../../fixtures/store/zone-scan.ts'
import { tempDir } from '../../../helpers/temp.ts'

let db: Db
beforeEach(() => {
  db = openDatabase(path.join(tempDir('gw-zones-ck-'), 'gapwatch.db'))
})
afterEach(() => db.close())

const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true }) as number
const health = () => new WriteHealth({ onError: () => {} })

async function untilWritten(z: ZoneStore): Promise<void> {
  while (z.writing > 0) await new Promise((r) => setImmediate(r))
  await new Promise((r) => setImmediate(r)) // the turn after the last write
}

describe('ZoneStore background writes and WAL checkpoints', () => {
  it('checkpoints in small steps during a background write, as usual before and after', async () => {
    const usual = autocheckpoint()
    expect(usual).toBeGreaterThan(BACKGROUND_CHECKPOINT_PAGES)
    const zones = new ZoneStore(db, { health: health(), backgroundRows: 1000 })
    zones.saveScan('X', '1m', '{}', scan(10)) // small: written at once, nothing changes
    expect(autocheckpoint()).toBe(usual)
    zones.saveScan('X', '1m', '{}', scan(6000, 1))
    zones.saveScan('Y', '1m', '{}', scan(3000, 2))
    expect(zones.writing).toBe(2)
    await new Promise((r) => setImmediate(r))
    expect(autocheckpoint()).toBe(BACKGROUND_CHECKPOINT_PAGES)
    await untilWritten(zones)
    expect(autocheckpoint()).toBe(usual)
    expect(zones.zoneCount('X', '1m')).toBe(6000)
  })

  it('flush() restores the usual checkpoint too', () => {
    const usual = autocheckpoint()
    const zones = new ZoneStore(db, { health: health(), backgroundRows: 1000 })
    zones.saveScan('X', '1m', '{}', scan(5000))
    expect(autocheckpoint()).toBe(BACKGROUND_CHECKPOINT_PAGES)
    zones.flush()
    expect(autocheckpoint()).toBe(usual)
  })

  it('leaves a connection whose auto-checkpoint is off (checkpoints made elsewhere) as it is', async () => {
    db.pragma('wal_autocheckpoint = 0')
    const zones = new ZoneStore(db, { health: health(), backgroundRows: 1000 })
    zones.saveScan('X', '1m', '{}', scan(5000))
    expect(autocheckpoint()).toBe(0)
    await untilWritten(zones)
    expect(autocheckpoint()).toBe(0)
  })
})
