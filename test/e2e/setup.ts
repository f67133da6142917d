// Shared by the browser tests: builds the dashboard once when out/renderer is missing or older
// than its sources (a lock keeps parallel test files from building twice), launches the system
// Chromium with playwright-core, and saves screenshots under test-results/.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, vi } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startServe, type Served } from '../helpers/serve.ts'

// A browser test does much (Chromium, a server, polls): a slow or busy machine needs more than the
// 30 s the other tests get. Importing this file sets it for the browser test files.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })

export const root = path.resolve(import.meta.dirname, '../..')
const builtIndex = path.join(root, 'out/renderer/index.html')
const lockDir = path.join(root, 'out/.renderer-build.lock')
export const resultsDir = path.join(root, 'test-results')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p))
    else newest = Math.max(newest, fs.statSync(p).mtimeMs)
  }
  return newest
}

function isStale(): boolean {
  if (!fs.existsSync(builtIndex)) return true
  const built = fs.statSync(builtIndex).mtimeMs
  return newestMtime(path.join(root, 'renderer')) > built || newestMtime(path.join(root, 'shared')) > built
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Builds out/renderer with electron-vite if it is missing or stale. */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return
  fs.mkdirSync(path.dirname(lockDir), { recursive: true })
  for (;;) {
    try {
      fs.mkdirSync(lockDir)
      break
    } catch {
      // Another test file is building; a lock older than two minutes is left over from a crash.
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > 120_000) fs.rmSync(lockDir, { recursive: true, force: true })
      } catch {
        // gone meanwhile
      }
      await sleep(250)
      if (!isStale()) return
    }
  }
  try {
    if (isStale()) {
      const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
      execFileSync(npx, ['electron-vite', 'build'], { cwd: root, stdio: 'pipe', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
    }
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export async function newPage(browser: Browser, options: { dark?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: options.dark ? 'dark' : 'light' })
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`))
  return page
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true })
  const file = path.join(resultsDir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/**
 * For one describe block: builds the dashboard if needed, starts `gapwatch serve` (with `serveArgs`)
 * and Chromium, opens the page at `hash`, and stops both afterwards. Read `page` and `served` in tests.
 */
export function openDashboard(hash: string, serveArgs: string[]): { page: Page; served: Served } {
  const ctx = {} as { page: Page; served: Served; browser?: Browser }
  beforeAll(async () => {
    await ensureBuilt()
    ;[ctx.served, ctx.browser] = await Promise.all([startServe(serveArgs), launchBrowser()])
    ctx.page = await newPage(ctx.browser)
    await ctx.page.goto(`${ctx.served.url}/${hash}`)
  })
  afterAll(async () => {
    await ctx.browser?.close()
    await ctx.served?.stop()
  })
  return ctx
}
