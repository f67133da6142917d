// The desktop import's copy of a picked file (stageCopy): the bytes checked are the bytes staged.
// The path is opened once; swapping it between the check and the copy (for another file, a named
// pipe) must change nothing, and the path's later content is never read.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { placeImport, stageCopy, stagingDir } from '../../../../electron/engine/scanner/import-files.ts'
import { tempDir } from '../../../helpers/temp.ts'

const CSV = 'timestamp,open,high,low,close\n1700000000000,1.1,1.2,1.0,1.15\n'

afterEach(() => {
  vi.restoreAllMocks()
})

/**
 * Replaces the picked path by `swap()` the first time anything reads a file (the sniff of its first
 * bytes, after the check): an attacker racing the import, done deterministically.
 */
function swapOnFirstRead(swap: () => void): void {
  const real = fs.readSync
  let done = false
  vi.spyOn(fs, 'readSync').mockImplementation(((...args: Parameters<typeof fs.readSync>) => {
    if (!done) {
      done = true
      swap()
    }
    return real(...args)
  }) as typeof fs.readSync)
}

function setup() {
  const dir = tempDir('gw-stage-')
  const importDir = path.join(dir, 'imports')
  const picked = path.join(dir, 'EURUSD.csv')
  fs.writeFileSync(picked, CSV)
  return { dir, importDir, picked }
}

describe('stageCopy', () => {
  it('stages the bytes it checked when the path is swapped for another file after the check', async () => {
    const { dir, importDir, picked } = setup()
    const other = path.join(dir, 'other')
    fs.writeFileSync(other, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64 * 1024, 7)])) // a ZIP
    swapOnFirstRead(() => fs.renameSync(other, picked))
    const staged = await stageCopy(importDir, picked, 'EURUSD.csv')
    expect(path.dirname(staged)).toBe(stagingDir(importDir))
    expect(fs.readFileSync(staged, 'utf8')).toBe(CSV)
    expect(fs.statSync(staged).mode & 0o777).toBe(0o600)
  })

  it('never opens what the path names later: swapped for a named pipe, the copy still ends', async () => {
    const { dir, importDir, picked } = setup()
    const fifo = path.join(dir, 'pipe')
    execFileSync('mkfifo', [fifo]) // no writer: a plain open of it to read would wait for ever
    swapOnFirstRead(() => fs.renameSync(fifo, picked))
    const staged = await stageCopy(importDir, picked, 'EURUSD.csv')
    expect(fs.readFileSync(staged, 'utf8')).toBe(CSV)
  })

  it('refuses a file that grows while it is copied, leaving nothing staged', async () => {
    const { importDir, picked } = setup()
    const real = fs.read
    let grown = false
    vi.spyOn(fs, 'read').mockImplementation(((...args: Parameters<typeof fs.read>) => {
      if (!grown) {
        grown = true
        fs.appendFileSync(picked, '1700000060000,1.1,1.2,1.0,1.15\n')
      }
      return (real as (...a: unknown[]) => void)(...args)
    }) as typeof fs.read)
    await expect(stageCopy(importDir, picked, 'EURUSD.csv')).rejects.toThrow(`${picked}: changed while it was read; try again`)
    expect(fs.readdirSync(stagingDir(importDir))).toEqual([])
  })

  it('refuses a named pipe, a directory and a non-CSV head by name, leaving nothing staged', async () => {
    const { dir, importDir } = setup()
    const fifo = path.join(dir, 'P.csv')
    execFileSync('mkfifo', [fifo])
    await expect(stageCopy(importDir, fifo, 'P.csv')).rejects.toThrow(`${fifo}: is a named pipe (FIFO), not a regular file`)
    await expect(stageCopy(importDir, dir, 'D.csv')).rejects.toThrow('is a directory, not a regular file')
    const png = path.join(dir, 'I.csv')
    fs.writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))
    await expect(stageCopy(importDir, png, 'I.csv')).rejects.toThrow('I.csv: it is a PNG image, not CSV text.')
    expect(fs.existsSync(stagingDir(importDir)) ? fs.readdirSync(stagingDir(importDir)) : []).toEqual([])
  })
})

describe('placeImport', () => {
  it('replaces the earlier import in one step: when renames fail from the first on (a crash), the earlier file is still in place', () => {
    const { dir, importDir } = setup()
    fs.mkdirSync(importDir, { recursive: true })
    const final = path.join(importDir, 'EURUSD.csv')
    fs.writeFileSync(final, 'the earlier import\n')
    const staged = path.join(dir, 'staged.csv')
    fs.writeFileSync(staged, CSV)
    // The process "dies" after the first rename: every later rename fails, so nothing is put back.
    const real = fs.renameSync
    let calls = 0
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (++calls > 1) throw Object.assign(new Error('EIO: the process died here'), { code: 'EIO' })
      real(from, to)
    })
    try {
      placeImport(staged, final)
    } catch {
      // the failure is the caller's to report
    }
    vi.restoreAllMocks()
    expect(fs.readdirSync(importDir).filter((f) => f !== '.uploads')).toEqual(['EURUSD.csv'])
    expect(fs.readFileSync(final, 'utf8')).toBe(calls === 1 ? CSV : 'the earlier import\n')
  })
})
