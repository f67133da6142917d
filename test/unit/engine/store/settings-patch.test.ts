// A settings patch changes the fields it names and nothing else: zod's partial() fills the defaults of
// omitted fields, which once reset the watchlist, process groups and cost settings whenever any one
// setting was saved.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { SettingsStore } from '../../../../electron/engine/store/settings-store.ts'
import { tempDir } from '../../../helpers/temp.ts'

describe('SettingsStore.update', () => {
  it('keeps every field the patch does not name, in memory and on disk', () => {
    const file = path.join(tempDir('gw-settings-patch-'), 'gapwatch.db')
    const db = openDatabase(file)
    const store = new SettingsStore(db, () => {})
    store.update({ watchlist: ['EURUSD', 'XAUUSD'], workers: 3, retention: { rawHours: 12, minuteDays: 10, hourDays: 100 } })
    const before = store.get()
    const after = store.update({ sampleIntervalMs: 750 })
    expect(after).toEqual({ ...before, sampleIntervalMs: 750 })
    db.close()
    const reopened = openDatabase(file)
    expect(new SettingsStore(reopened, () => {}).get()).toEqual(after)
    reopened.close()
  })
})
