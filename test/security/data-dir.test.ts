// A data directory that cannot be used: `gapwatch serve` says which directory and the real cause
// (EROFS, ENOTDIR, a virtual file system), exits 2, and prints no stack trace. Under /proc it
// used to spin forever in Node's recursive mkdir.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runGapwatch, tempDir } from '../helpers/serve.ts'

/** Runs `gapwatch serve --data-dir DIR`; a serve that starts (or hangs) is killed and reported as such. */
function serveIn(dir: string): Promise<{ code: number | null; stderr: string }> {
  return run(['serve', '--port', '0', '--data-dir', dir])
}

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = runGapwatch(args)
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdout!.on('data', (d: Buffer) => {
    if (d.toString().includes('gapwatch serve:')) child.kill('SIGKILL') // it started: not what we want
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr })
    }),
  )
}

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /)

const tmp = tempDir('gw-datadir-')
const isRoot = process.getuid?.() === 0
let mnt: string | null = null
afterAll(() => {
  if (mnt) execFileSync('umount', [mnt])
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('an unusable data directory', () => {
  it('under /proc: names the directory and the cause, exits 2 at once', async () => {
    const r = await serveIn('/proc/gapwatch-test')
    expect(r.code).toBe(2)
    // root gets ENOENT from procfs although /proc exists; another user may get EACCES first.
    expect(r.stderr).toMatch(
      /^gapwatch: Cannot create the data directory \/proc\/gapwatch-test: (\/proc exists but refuses new entries \(ENOENT: a virtual file system such as \/proc or \/sys\?\)|permission denied on \/proc \((EACCES|EPERM)\))\.\n$/,
    )
  })

  it('for gapwatch scan --data-dir too', async () => {
    const csv = path.resolve(import.meta.dirname, '../../resources/data/eurusd_15m.csv')
    const r = await run(['scan', '--data-dir', '/proc/gapwatch-test', csv])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^gapwatch: Cannot create the data directory \/proc\/gapwatch-test: /)
  })

  it('whose parent is a file: says which path is a file', async () => {
    const file = path.join(tmp, 'plain-file')
    fs.writeFileSync(file, 'x')
    const r = await serveIn(path.join(file, 'data'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`Cannot create the data directory ${file}/data: ${file} is a file, not a directory (ENOTDIR).`)
    noStack(r.stderr)
  })

  it('that is a file itself', async () => {
    const file = path.join(tmp, 'not-a-dir')
    fs.writeFileSync(file, 'x')
    const r = await serveIn(file)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`The data directory ${file} is not a directory.`)
  })

  it.skipIf(!isRoot)(`on a read-only mount: EROFS, for an existing directory and a missing one${isRoot ? '' : ' (skipped: needs root to mount a tmpfs read-only)'}`, async () => {
    mnt = path.join(tmp, 'ro')
    fs.mkdirSync(mnt)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt])
    fs.mkdirSync(path.join(mnt, 'data'))
    execFileSync('mount', ['-o', 'remount,ro', mnt])

    const existing = await serveIn(path.join(mnt, 'data'))
    expect(existing.code).toBe(2)
    expect(existing.stderr).toContain(`Cannot write to the data directory ${mnt}/data: ${mnt}/data is on a read-only file system (EROFS).`)
    noStack(existing.stderr)

    const missing = await serveIn(path.join(mnt, 'missing', 'data'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`Cannot create the data directory ${mnt}/missing/data: ${mnt} is on a read-only file system (EROFS).`)
    expect(missing.stderr).not.toMatch(/ENOENT/)
  })
})
