// writeJsonFile / writeFileAtomic: the one atomic writer of the hosts files, rules.yaml and the
// window state. A write that fails part way leaves the old file whole and no temporary file.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { readJsonFile, writeFileAtomic, writeJsonFile } from '../../../electron/engine/json-file.ts'
import { tempDir } from '../../helpers/temp.ts'

const Schema = z.object({ n: z.number() }).strict()

afterEach(() => vi.restoreAllMocks())

describe('writeJsonFile', () => {
  it('writes indented JSON that readJsonFile reads back, with the mode given', () => {
    const file = path.join(tempDir(), 'a.json')
    writeJsonFile(file, { n: 1 }, 0o600)
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "n": 1\n}\n')
    expect(readJsonFile(file, Schema, { n: 0 })).toEqual({ n: 1 })
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.readdirSync(path.dirname(file))).toEqual(['a.json'])
  })

  it('replaces an existing file whole', () => {
    const file = path.join(tempDir(), 'a.json')
    writeJsonFile(file, { n: 1 }, 0o600)
    writeJsonFile(file, { n: 2 }, 0o600)
    expect(readJsonFile(file, Schema, { n: 0 })).toEqual({ n: 2 })
    expect(fs.readdirSync(path.dirname(file))).toEqual(['a.json'])
  })

  it('a write failing part way (a full disk) leaves the old file intact and no temporary file', () => {
    const dir = tempDir()
    const file = path.join(dir, 'a.json')
    writeJsonFile(file, { n: 1 }, 0o600)
    // A full disk cannot be arranged here: the write puts part of the bytes down, then fails as ENOSPC does.
    const real = fs.writeSync
    const partWrite = (fd: number, buf: NodeJS.ArrayBufferView, offset?: number | null, length?: number | null): number => {
      real(fd, buf, offset, Math.min(length ?? 3, 3))
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    }
    vi.spyOn(fs, 'writeSync').mockImplementation(partWrite as typeof fs.writeSync)
    expect(() => writeJsonFile(file, { n: 2 }, 0o600)).toThrow(/ENOSPC/)
    vi.restoreAllMocks()
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "n": 1\n}\n')
    expect(fs.readdirSync(dir)).toEqual(['a.json'])
  })

  it('a rename that fails (a directory in the way) throws and leaves no temporary file', () => {
    const dir = tempDir()
    const file = path.join(dir, 'a.json')
    fs.mkdirSync(file)
    fs.writeFileSync(path.join(file, 'inside'), 'x')
    expect(() => writeFileAtomic(file, 'text')).toThrow()
    expect(fs.readdirSync(dir)).toEqual(['a.json'])
    expect(fs.statSync(file).isDirectory()).toBe(true)
  })

  it('a failing fsync whose close also fails (a device gone) still leaves no temporary file', () => {
    const dir = tempDir()
    const file = path.join(dir, 'a.json')
    // A dying disk cannot be arranged here: fsync and close fail as EIO does (the close really runs first).
    const realClose = fs.closeSync
    vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })
    })
    vi.spyOn(fs, 'closeSync').mockImplementation((fd: number) => {
      realClose(fd)
      throw Object.assign(new Error('EIO: i/o error, close'), { code: 'EIO' })
    })
    expect(() => writeFileAtomic(file, 'text')).toThrow(/fsync/)
    vi.restoreAllMocks()
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
