// The engine must run under plain Node (tests, `gapwatch serve`), so only electron/main and
// electron/preload may import 'electron'. ESLint enforces the full import arrows; this test fails
// the suite too, in case lint is skipped.
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')
const guarded = ['electron/engine', 'electron/server', 'electron/worker', 'electron/cli', 'renderer/src', 'shared']
const importsElectron = /(?:from\s+|require\(\s*|import\(\s*)['"]electron(?:\/[^'"]*)?['"]/

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js|mjs|cjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
}

it('guards folders that exist and hold code (a renamed folder fails here instead of passing unchecked)', () => {
  for (const d of guarded) expect(sources(path.join(root, d)).length, d).toBeGreaterThan(0)
})

it("keeps 'electron' out of the engine, server, worker, cli, renderer and shared code", () => {
  const offenders = guarded.flatMap((d) => sources(path.join(root, d))).filter((f) => importsElectron.test(fs.readFileSync(f, 'utf8')))
  expect(offenders.map((f) => path.relative(root, f))).toEqual([])
})

it('recognises every way of importing electron (the check itself can fail)', () => {
  for (const line of ["import { app } from 'electron'", 'const e = require("electron")', "await import('electron/main')"]) {
    expect(importsElectron.test(line)).toBe(true)
  }
  expect(importsElectron.test("import x from 'electron-vite'")).toBe(false)
})
