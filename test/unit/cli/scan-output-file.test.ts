// gapwatch scan's --out file: opened before the options are checked (the workers are forked with
// it), emptied only when the run begins and only if it held something, removed if this run created
// it and never began. These tests check content only: that the output holds exactly what was
// written, whether the file was created, held an earlier output, or was empty. What begin() does for
// ext4 (an open and close after the truncation, so the output is not written out inside the last
// close: scan-output-file.ts) changes only when the disk work happens, which no content check can
// see; standard output (the shell's `>`) is checked by running the CLI (scan-stream-output.test.ts).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openOutput } from '../../../electron/cli/scan-output-file.ts'
import { tempDir } from '../../helpers/temp.ts'

describe('openOutput', () => {
  it('replaces a longer existing file with exactly what the run wrote', () => {
    const file = path.join(tempDir('gw-out-'), 'zones.json')
    fs.writeFileSync(file, 'x'.repeat(100_000))
    const out = openOutput(file)
    const fd = out.begin()
    fs.writeSync(fd, '{"short":true}\n')
    out.close()
    expect(fs.readFileSync(file, 'utf8')).toBe('{"short":true}\n')
  })

  it('a file this run created, or an empty one, holds exactly what the run wrote', () => {
    const dir = tempDir('gw-out-')
    const empty = path.join(dir, 'empty.json')
    fs.writeFileSync(empty, '')
    for (const file of [path.join(dir, 'created.json'), empty]) {
      const out = openOutput(file)
      const fd = out.begin()
      fs.writeSync(fd, '{"created":true}\n')
      out.close()
      expect(fs.readFileSync(file, 'utf8'), file).toBe('{"created":true}\n')
    }
  })

  it('a run that never began leaves an existing file as it was and removes one it created', () => {
    const dir = tempDir('gw-out-')
    const existing = path.join(dir, 'kept.json')
    fs.writeFileSync(existing, 'before')
    openOutput(existing).close()
    expect(fs.readFileSync(existing, 'utf8')).toBe('before')
    const created = path.join(dir, 'created.json')
    openOutput(created).close()
    expect(fs.existsSync(created)).toBe(false)
  })
})
