// gapwatch scan's --out file: opened before the options are checked (the workers are forked with
// it), emptied only when the run begins, removed if this run created it and never began. begin()
// also opens and closes the file once more (so that ext4 does not write the whole output out inside
// the last close: scan-output-file.ts); the content must be exactly what was written, whatever the
// file held before.
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
