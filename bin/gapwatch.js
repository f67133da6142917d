#!/usr/bin/env node
// The `gapwatch` command. The engine and CLI are TypeScript run by Node's own type stripping
// (default from Node 22.18 / 23.6); on an older Node ≥ 22.12 we re-run with the flag. Written in
// syntax every Node can parse, so an older one reaches the version check and says what to do.
import { spawnSync } from 'node:child_process'
import module from 'node:module'
import { fileURLToPath } from 'node:url'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `gapwatch needs Node.js 22.12 or newer; this is Node.js ${process.versions.node} (${process.execPath}).\n` +
      'Run it through npm, which uses the project\'s own Node: `npx gapwatch …` or `npm start`, after `npm install`;\n' +
      'or install Node.js 22 LTS or 24 LTS (https://nodejs.org, nvm, or your package manager).',
  )
  process.exit(1)
}

// Keep compiled code between runs (Node ≥ 22.1): the CLI starts faster from the second run on.
module.enableCompileCache?.()

const entry = fileURLToPath(new URL('../electron/cli/main.ts', import.meta.url))
if (process.features.typescript) {
  await import(entry)
} else {
  const r = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', entry, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}
