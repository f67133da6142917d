#!/usr/bin/env node
// `npm start`: the desktop app in development (electron-vite dev). Electron's binary is downloaded
// by its package on install; where that could not happen (offline, or ELECTRON_SKIP_BINARY_DOWNLOAD
// set), say what is missing and how to get it, instead of Electron's own stack trace.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = path.dirname(require.resolve('electron/package.json'))

/** The Electron executable if its package has one on disk, else null. */
function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt')
  if (!fs.existsSync(pathFile)) return null
  const file = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  return fs.existsSync(file) ? file : null
}

if (!electronBinary() && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.error('gapwatch: the Electron binary is not installed yet; downloading it (once)…')
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'inherit' })
}
if (!electronBinary()) {
  const skipped = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD is set)' : ''
  console.error(
    [
      `gapwatch: the desktop app needs Electron's binary, which is not installed${skipped}.`,
      '  Get it with:  node node_modules/electron/install.js   (needs access to Electron\'s downloads;',
      '                unset ELECTRON_SKIP_BINARY_DOWNLOAD first), then run npm start again.',
      '  Or, without Electron, the same dashboard in your browser:  npx gapwatch serve',
      '                (then open http://127.0.0.1:8787).',
    ].join('\n'),
  )
  process.exit(1)
}

const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
const r = spawnSync(process.execPath, [electronVite, 'dev', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(r.status ?? 1)
