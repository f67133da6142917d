// Builds the report page (out/report, `npm run build:report`) for the tests that render it, when it
// is missing or older than its sources; a lock keeps parallel test files from building it twice.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../../..')
const built = path.join(root, 'out/report/report.html')
const lock = path.join(root, 'out/.report-build.lock')
const sources = [path.join(root, 'renderer/src/report'), path.join(root, 'renderer/src/charts'), path.join(root, 'renderer/report.html'), path.join(root, 'shared')]

function newest(p: string): number {
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  return Math.max(0, ...fs.readdirSync(p).map((e) => newest(path.join(p, e))))
}

function stale(): boolean {
  return !fs.existsSync(built) || Math.max(...sources.map(newest)) > fs.statSync(built).mtimeMs
}

export async function ensureReportBuilt(): Promise<void> {
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  for (;;) {
    if (!stale()) return
    try {
      fs.mkdirSync(lock)
      break
    } catch {
      // Another file is building; a lock older than two minutes is left over from a crash.
      const st = fs.statSync(lock, { throwIfNoEntry: false })
      if (st && Date.now() - st.mtimeMs > 120_000) fs.rmSync(lock, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  try {
    if (stale()) execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['vite', 'build', '-c', 'report.vite.config.ts'], { cwd: root, stdio: 'pipe' })
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}
