// A gapwatch.db that is another program's SQLite database is refused, naming the file and its tables,
// and left exactly as it was: one with a `users` table was migrated into (16 tables added beside it),
// and one with its own `settings` table stopped start-up with "table settings already exists".
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APPLICATION_ID, openDatabase } from '../../../../electron/engine/store/database.ts'
import { DataDirError } from '../../../../electron/engine/store/lock.ts'
import { tempDir } from '../../../helpers/temp.ts'

let dir: string
let file: string
beforeEach(() => {
  dir = tempDir('gw-foreign-db-')
  file = path.join(dir, 'gapwatch.db')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Makes `file` with another program's SQL, as that program would. */
function foreign(sql: string): Buffer {
  const db = new Database(file)
  db.exec(sql)
  db.close()
  return fs.readFileSync(file)
}

function refusal(): unknown {
  try {
    openDatabase(file).close()
  } catch (err) {
    return err
  }
  return null
}

describe('openDatabase and another program’s database', () => {
  it('refuses one with tables but no schema version, naming the file and its tables, and changes nothing', () => {
    const before = foreign("CREATE TABLE users (id, name); INSERT INTO users VALUES (1, 'bob');")
    const err = refusal()
    expect(err).toBeInstanceOf(DataDirError) // the CLI exits 2 for it, as for the other data-directory errors
    expect((err as Error).message).toBe(
      `${file} is an SQLite database of another program (tables: users), not Gapwatch's: move it away or use another data directory (--data-dir).`,
    )
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    expect(fs.readdirSync(dir)).toEqual(['gapwatch.db']) // no WAL, no file moved aside
  })

  it('refuses one whose table has the name of one of Gapwatch’s (before: "table settings already exists")', () => {
    foreign('CREATE TABLE settings (a, b, c);')
    expect((refusal() as Error).message).toMatch(/gapwatch\.db is an SQLite database of another program \(tables: settings\)/)
  })

  it('refuses one with another application_id even without tables, and one with a schema version but not Gapwatch’s tables', () => {
    foreign('PRAGMA application_id = 1234;')
    expect((refusal() as Error).message).toMatch(/another program \(application_id 1234, no tables\)/)
    fs.rmSync(file)
    foreign('CREATE TABLE notes (body); PRAGMA user_version = 3;')
    expect((refusal() as Error).message).toMatch(/another program \(tables: notes\)/)
  })

  it('marks its own database with its application_id, and still opens one made before it did', () => {
    const db = openDatabase(file)
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    db.pragma('application_id = 0') // as every gapwatch.db was before this
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run()
    db.close()
    const again = openDatabase(file)
    expect(again.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('k')).toBe('v')
    expect(again.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    again.close()
  })
})
