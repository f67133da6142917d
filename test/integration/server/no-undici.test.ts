// `gapwatch serve` does not load undici (Node's fetch, 760 KB of source, ~5.5 MB of PSS) just by
// importing node:http: an ESM import of a built-in reads all its exports, and node:http's WebSocket,
// CloseEvent and MessageEvent getters load undici. The server takes node:http through require()
// (electron/server/node-http.ts). Checked in a fresh Node process: this test runner has its own modules.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const serveModule = fileURLToPath(new URL('../../../electron/cli/serve.ts', import.meta.url))

function loadedAfterImport(file: string): string[] {
  const script = `await import(${JSON.stringify(file)}); process.stdout.write(JSON.stringify(process.moduleLoadList))`
  const flags = process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings']
  return JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' })) as string[]
}

describe('serve imports', () => {
  it('loads the HTTP server without undici', () => {
    const loaded = loadedAfterImport(serveModule)
    expect(loaded).toContain('NativeModule http') // the check can see built-ins
    expect(loaded.filter((m) => m.includes('undici'))).toEqual([])
  })
})
