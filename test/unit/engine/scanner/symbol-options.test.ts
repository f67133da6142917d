// Per-symbol import zones read back from the database (symbol_option), a file on disk like any
// other: a value that is not a zone this engine accepts (another type, junk, an oversized string)
// reads as none (UTC), so the watchlist, which every client validates, never carries it.
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { SymbolOptions } from '../../../../electron/engine/scanner/symbol-options.ts'
import type { Db } from '../../../../electron/engine/store/database.ts'
import { WatchlistItemSchema } from '../../../../shared/scanner.ts'
import { tempDir } from '../../../helpers/temp.ts'

let db: Db | null = null
afterEach(() => {
  db?.close()
  db = null
})

describe('SymbolOptions', () => {
  it('reads a tampered zone as none: another type, junk, a megabyte, a spelling not canonical is canonical', () => {
    db = openDatabase(path.join(tempDir('gw-symopt-'), 'gapwatch.db'))
    const put = db.prepare('INSERT INTO symbol_option (symbol, tz) VALUES (?, ?)')
    put.run('INT', 5)
    put.run('REAL', 2.5)
    put.run('BLOB', Buffer.from('Europe/Athens'))
    put.run('JUNK', '<img src=x onerror=alert(1)>+05')
    put.run('HUGE', `Europe/Athens${' '.repeat(1024 * 1024)}`)
    put.run('LOWER', 'europe/athens')
    put.run('GOOD', 'Europe/Athens')
    const o = new SymbolOptions(db)
    for (const s of ['INT', 'REAL', 'BLOB', 'JUNK', 'HUGE']) expect(o.tz(s), s).toBeNull()
    expect(o.tz('LOWER')).toBe('Europe/Athens')
    expect(Object.fromEntries(o.all())).toEqual({ LOWER: 'Europe/Athens', GOOD: 'Europe/Athens' })
    // What the watchlist builds from them passes the schema every client checks.
    for (const [symbol, tz] of o.all()) {
      expect(WatchlistItemSchema.safeParse({ symbol, name: symbol, assetClass: 'fx', timeframe: 'raw', source: 'file', file: null, scans: [], tz }).success).toBe(true)
    }
  })

  it('stores a checked zone and forgets it with null', () => {
    db = openDatabase(path.join(tempDir('gw-symopt-'), 'gapwatch.db'))
    const o = new SymbolOptions(db)
    o.setTz('EURUSD', '+0200')
    expect(o.tz('EURUSD')).toBe('+02:00')
    expect(() => o.setTz('EURUSD', 'Mars/Olympus')).toThrow(/Mars\/Olympus/)
    o.setTz('EURUSD', null)
    expect(o.tz('EURUSD')).toBeNull()
  })
})
