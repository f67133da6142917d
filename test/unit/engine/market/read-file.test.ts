// The one reader for user-named files: regular files only, a size cap, and no half-read files.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkUnchanged, FileReadError, readImportFile } from '../../../../electron/engine/market/read-file.ts'
import { importCsvFile } from '../../../../electron/engine/market/csv.ts'
import { MAX_IMPORT_BYTES } from '../../../../shared/limits.ts'
import { tempDir } from '../../../helpers/temp.ts'

let dir: string
beforeEach(() => {
  dir = tempDir('gw-readfile-')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const CSV = 'timestamp,open,high,low,close\n1700000000000,1,2,0.5,1.5\n1700000060000,1.5,2,1,1.2\n'

function errorOf(fn: () => unknown): FileReadError {
  try {
    fn()
  } catch (err) {
    if (err instanceof FileReadError) return err
    throw err
  }
  throw new Error('expected a FileReadError')
}

describe('readImportFile / importCsvFile', () => {
  it('reads a regular file whole', () => {
    const f = path.join(dir, 'ok.csv')
    fs.writeFileSync(f, CSV)
    expect(readImportFile(f).toString()).toBe(CSV)
    expect(importCsvFile(f).rows).toBe(2)
  })

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const f = path.join(dir, 'pipe.csv')
    execFileSync('mkfifo', [f])
    const e = errorOf(() => importCsvFile(f))
    expect(e.message).toBe(`${f}: is a named pipe (FIFO), not a regular file`)
    expect(e.file).toBe(f)
  })

  it('refuses /dev/zero (a device that never ends)', () => {
    expect(errorOf(() => importCsvFile('/dev/zero')).message).toBe('/dev/zero: is a character device, not a regular file')
  })

  it('refuses a directory, naming it', () => {
    expect(errorOf(() => importCsvFile(dir)).message).toBe(`${dir}: is a directory, not a regular file`)
  })

  it('names a missing file', () => {
    expect(errorOf(() => importCsvFile(path.join(dir, 'nope.csv'))).message).toBe(`${path.join(dir, 'nope.csv')}: no such file`)
  })

  it('refuses a file over MAX_IMPORT_BYTES without reading it, with its size and the limit', () => {
    const f = path.join(dir, 'huge.csv')
    const fd = fs.openSync(f, 'w')
    fs.ftruncateSync(fd, MAX_IMPORT_BYTES + 1) // sparse: no disk used
    fs.closeSync(fd)
    const e = errorOf(() => importCsvFile(f))
    expect(e.message).toBe(`${f}: is 64.0 MiB (${MAX_IMPORT_BYTES + 1} bytes), over the 64.0 MiB limit for an import`)
    fs.writeFileSync(path.join(dir, 'small.csv'), CSV)
    expect(errorOf(() => readImportFile(path.join(dir, 'small.csv'), { maxBytes: 10 })).message).toMatch(/over the 0\.0 MiB limit/)
  })

  it('refuses a file that grew, shrank or was rewritten while it was read', () => {
    const f = path.join(dir, 'live.csv')
    fs.writeFileSync(f, CSV)
    const grow = (): void => fs.appendFileSync(f, '1700000120000,1,2,0.5,1.5\n')
    expect(errorOf(() => readImportFile(f, { afterRead: grow })).message).toBe(`${f}: changed while it was read; try again`)
    const shrink = (): void => fs.truncateSync(f, 10)
    expect(errorOf(() => readImportFile(f, { afterRead: shrink })).reason).toBe('changed while it was read; try again')
    // Same size, new content and mtime.
    const rewrite = (): void => {
      fs.writeFileSync(f, CSV.replace('timestamp', 'TIMESTAMP'))
      fs.utimesSync(f, new Date(), new Date(Date.now() + 5000))
    }
    expect(errorOf(() => readImportFile(f, { afterRead: rewrite })).reason).toBe('changed while it was read; try again')
  })

  it('checkUnchanged compares size, mtime and the bytes actually read', () => {
    const st = { size: 100n, mtimeNs: 1_700_000_000_000_000_000n }
    expect(() => checkUnchanged('f.csv', st, { ...st }, 100)).not.toThrow()
    expect(() => checkUnchanged('f.csv', st, { ...st, size: 101n }, 100)).toThrow('f.csv: changed while it was read; try again')
    expect(() => checkUnchanged('f.csv', st, { ...st, mtimeNs: st.mtimeNs + 1n }, 100)).toThrow(/changed while it was read/)
    expect(() => checkUnchanged('f.csv', st, { ...st }, 101)).toThrow(/changed while it was read/)
  })
})
