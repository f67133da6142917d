// The engine must run under plain Node (tests, `gapwatch serve`), so only electron/main and
// electron/preload may import 'electron'. ESLint enforces the full import arrows of the layer table
// (eslint.config.js `layers`); this test checks every source file against the same table too, in
// case lint is skipped, and that the lint rule itself fails on a wrong arrow.
import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

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

type Layer = 'shared' | 'engine' | 'worker' | 'server' | 'main' | 'cli' | 'preload' | 'renderer'
// eslint.config.js is plain JavaScript without types: its table is read as data.
const { layers, electronLayers } = (await import(pathToFileURL(path.join(root, 'eslint.config.js')).href)) as {
  layers: Record<Layer, Layer[]>
  electronLayers: string[]
}
/** The layer a file belongs to, or null outside every layer (tests, bench, config). */
function layerOf(file: string): Layer | null {
  const [top, second] = path.relative(root, file).split(path.sep)
  if (top === 'shared' || top === 'renderer') return top
  if (top === 'electron' && electronLayers.includes(second)) return second as Layer
  return null
}
const relativeImport = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm

/** Every relative import in the layers' sources that crosses to a layer the table does not allow. */
function wrongArrows(): string[] {
  const out: string[] = []
  for (const dir of ['electron', 'shared', 'renderer']) {
    for (const file of sources(path.join(root, dir))) {
      const from = layerOf(file)
      if (!from) continue
      for (const m of fs.readFileSync(file, 'utf8').matchAll(relativeImport)) {
        const to = layerOf(path.resolve(path.dirname(file), m[1]))
        if (to && to !== from && !layers[from].includes(to)) out.push(`${path.relative(root, file)} → ${m[1]} (${from} → ${to})`)
      }
    }
  }
  return out
}

describe('the layer table', () => {
  it('states the arrows of DESIGN.md: the pool owns the worker protocol, nothing imports electron/worker', () => {
    expect(layers).toEqual({
      shared: [], engine: ['shared'], worker: ['engine', 'shared'], server: ['engine', 'shared'], main: ['engine', 'shared'],
      cli: ['server', 'engine', 'shared'], preload: ['shared'], renderer: ['shared'],
    })
    expect(Object.values(layers).some((allowed) => allowed.includes('worker'))).toBe(false)
  })

  it('every relative import in electron/, shared/ and renderer/ follows the table', () => {
    expect(wrongArrows()).toEqual([])
  })

  it('ESLint fails on a wrong arrow and passes a right one (the rule itself works)', async () => {
    const eslint = new ESLint({ cwd: root })
    const lint = async (file: string, code: string) => {
      const [r] = await eslint.lintText(code, { filePath: path.join(root, file) })
      return r.messages.filter((m) => m.ruleId === 'no-restricted-imports').length
    }
    expect(await lint('electron/engine/pool/x.ts', "import '../../worker/index.ts'\n")).toBe(1)
    expect(await lint('electron/cli/x.ts', "import '../worker/index.ts'\n")).toBe(1)
    expect(await lint('electron/server/x.ts', "import '../cli/main.ts'\n")).toBe(1)
    expect(await lint('electron/main/x.ts', "import '../worker/index.ts'\n")).toBe(1)
    expect(await lint('electron/worker/x.ts', "import '../engine/pool/worker-loop.ts'\n")).toBe(0)
    expect(await lint('electron/cli/x.ts', "import '../server/serve.ts'\n")).toBe(0)
  }, 60_000)
})
