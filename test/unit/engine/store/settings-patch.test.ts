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

  it('keeps the siblings of a nested field the patch names: retention and cost', () => {
    // zod filled each omitted nested field's default: {retention: {rawHours: 24}} reset a year of
    // minute rollups and ten of hourly ones to 30 days and 2 years, deleted at the next hour's close.
    const store = new SettingsStore(openDatabase(path.join(tempDir('gw-settings-nested-'), 'gapwatch.db')), () => {})
    store.update({ retention: { rawHours: 48, minuteDays: 365, hourDays: 3650 } })
    expect(store.update({ retention: { rawHours: 24 } }).retention).toEqual({ rawHours: 24, minuteDays: 365, hourDays: 3650 })
    store.update({ cost: { lookbackDays: 30, headroom: 0.5 } })
    const cost = store.update({ cost: { headroom: 0.3 } }).cost
    expect(cost.lookbackDays).toBe(30)
    expect(cost.headroom).toBe(0.3)
    // A bad nested value is still refused naming it, and nothing changes.
    expect(() => store.update({ retention: { hourDays: 0 } })).toThrow(/retention\.hourDays/)
    expect(store.get().retention).toEqual({ rawHours: 24, minuteDays: 365, hourDays: 3650 })
  })
})
