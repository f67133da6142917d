// `npm start` where Electron's binary could not be downloaded: a clear message naming what is
// missing, how to get it, and `npx gapwatch serve` as the browser alternative; no stack trace.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const electronDir = path.join(root, 'node_modules/electron')
const pathFile = path.join(electronDir, 'path.txt')
const hasBinary = fs.existsSync(pathFile) && fs.existsSync(path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()))

describe('npm start without Electron', () => {
  // Where Electron is installed, `npm start` would open the app instead: nothing to check there.
  it.skipIf(hasBinary)('says what is missing and how to get it, and offers gapwatch serve (skipped where Electron is installed)', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/start.js')], {
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("needs Electron's binary, which is not installed")
    expect(r.stderr).toContain('node node_modules/electron/install.js')
    expect(r.stderr).toContain('npx gapwatch serve')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
