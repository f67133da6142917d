// When serve re-executes itself with glibc's malloc tuned, and when it must not: a failed execve
// aborts the process (no catch runs), so every case where it could fail or do nothing is skipped.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EXEC_BYTES_MAX, NO_REEXEC_ENV, execWontWork, tuningExec, type ExecFacts } from '../../../electron/cli/serve-reexec.ts'
import { MALLOC_TUNABLE, MALLOC_TUNED_MARK } from '../../../electron/engine/malloc-tuning.ts'
import { tempDir } from '../../helpers/temp.ts'

const facts = (over: Partial<ExecFacts> = {}): ExecFacts => ({
  platform: 'linux',
  hasExecve: true,
  glibc: '2.36',
  execPath: process.execPath,
  argv: [process.execPath, 'bin/gapwatch.js', 'serve'],
  ...over,
})

describe('tuningExec', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  it('re-executes on Linux with glibc, with the tunable added', () => {
    const r = tuningExec({ PATH: '/bin' }, facts())
    expect(r.env).toEqual({ PATH: '/bin', GLIBC_TUNABLES: MALLOC_TUNABLE, [MALLOC_TUNED_MARK]: '' })
  })

  it(`skips with ${NO_REEXEC_ENV}=1, without execve, and where the C library is not glibc`, () => {
    expect(tuningExec({ [NO_REEXEC_ENV]: '1' }, facts())).toEqual({ env: null, skip: `${NO_REEXEC_ENV}=1` })
    expect(tuningExec({ [NO_REEXEC_ENV]: '0' }, facts()).env).not.toBeNull()
    expect(tuningExec({}, facts({ hasExecve: false })).env).toBeNull()
    expect(tuningExec({}, facts({ platform: 'darwin' })).env).toBeNull()
    expect(tuningExec({}, facts({ glibc: undefined }))).toEqual({ env: null, skip: 'not glibc' })
  })

  it('skips when the node binary cannot be executed (e.g. replaced during an upgrade)', () => {
    const dir = tempDir('gw-exec-')
    dirs.push(dir)
    const plain = path.join(dir, 'node')
    fs.writeFileSync(plain, '')
    fs.chmodSync(plain, 0o644)
    // root may execute a file with no x bit only if some x bit is set: 0o644 has none, so this holds for root too.
    expect(tuningExec({}, facts({ execPath: plain })).env).toBeNull()
    expect(tuningExec({}, facts({ execPath: path.join(dir, 'gone') })).skip).toContain('ENOENT')
    expect(tuningExec({}, facts({ execPath: dir })).skip).toContain('not a file')
  })

  it('skips when the arguments and environment come near ARG_MAX (E2BIG)', () => {
    expect(execWontWork(process.execPath, ['node'], { BIG: 'x'.repeat(EXEC_BYTES_MAX) })).toMatch(/bytes/)
    expect(tuningExec({ BIG: 'x'.repeat(EXEC_BYTES_MAX) }, facts()).env).toBeNull()
    expect(execWontWork(process.execPath, ['node'], { SMALL: 'x'.repeat(1000) })).toBeNull()
  })
})
