#!/usr/bin/env node
// The `gapwatch` command. The engine and CLI are TypeScript run by Node's own type stripping
// (default from Node 22.18 / 23.6); on an older Node ≥ 22.12 we re-run with the flag.
import { spawnSync } from 'node:child_process'
import module from 'node:module'
import { fileURLToPath } from 'node:url'

// Keep compiled code between runs (Node ≥ 22.1): the CLI starts faster from the second run on.
module.enableCompileCache?.()

const entry = fileURLToPath(new URL('../electron/cli/main.ts', import.meta.url))
if (process.features.typescript) {
  await import(entry)
} else {
  const r = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', entry, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}
