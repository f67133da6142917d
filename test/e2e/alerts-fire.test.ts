// A rule fires in the Alerts view while a CPU burner (a real child process spinning) runs, and
// resolves once it stops; in the browser, after the user allowed it with the button, the firing and
// the resolution each come as one notification (grouped over 30 s, as the desktop app groups them).
//
// The rule watches the burner's own process group (group.e2e-burner.cpu, matched on a marker in its
// command line) rather than cpu.total: on a shared or busy machine the whole CPU may already sit at
// 100 %, where no threshold "just above idle" exists, but the burner's own share is 0 % until it runs.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { callServe, startServe, tempDir, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

const MARKER = 'gapwatch-e2e-burner'
const RULES = `rules:
  - name: burner-busy
    metric: group.e2e-burner.cpu
    op: '>'
    threshold: 5
    for: 2s
    severity: critical
    labels: { group: e2e }
    message: 'burner at {{value}} % for {{for}}'
`

/** Runs in the page before its scripts: records each notification (the real Notification still runs). */
const RECORD_NOTIFICATIONS = `
  window.__notes = []
  if (window.Notification) {
    const Native = window.Notification
    window.Notification = class extends Native {
      constructor(title, options) {
        super(title, options)
        window.__notes.push({ title, body: (options && options.body) || '' })
      }
    }
  }
`

interface Note {
  title: string
  body: string
}

describe('an alert fires and resolves in the dashboard', () => {
  let served: Served
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const pageErrors: string[] = []
  let burner: ChildProcess | null = null

  const stopBurner = () =>
    new Promise<void>((done) => {
      const b = burner
      burner = null
      if (!b || b.exitCode !== null || b.signalCode !== null) return done()
      b.once('exit', () => done())
      b.kill('SIGKILL')
    })
  const notes = () => page.evaluate<Note[]>('window.__notes ?? []')
  const row = () => page.getByTestId('alert-burner-busy')

  beforeAll(async () => {
    await ensureBuilt()
    const dataDir = tempDir('gw-alerts-fire-')
    ;[served, browser] = await Promise.all([startServe([], dataDir), launchBrowser()])
    // The group first, then the rule on it, as a user would: a rule loaded before its group exists
    // raises the "no process group" alert at once, and its resolution could land in the same 30 s
    // notification group as the burner's. The hand-written file is taken up once it has settled.
    await callServe(served.url, 'setSettings', { processGroups: [{ name: 'e2e-burner', pattern: MARKER }] })
    fs.writeFileSync(path.join(dataDir, 'rules.yaml'), RULES)
    const ruleNames = async () => ((await callServe(served.url, 'rulesList', {})) as Array<{ name: string }>).map((r) => r.name).join()
    for (const until = Date.now() + 20_000; (await ruleNames()) !== 'burner-busy'; await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() > until) throw new Error(`rules.yaml was not taken up within 20 s: ${await ruleNames()}`)
    }
    page = await newPage(browser)
    page.on('pageerror', (err) => pageErrors.push(err.message))
    context = page.context()
    await context.addInitScript(RECORD_NOTIFICATIONS)
    await page.goto(`${served.url}/#alerts`)
  })
  afterAll(async () => {
    await stopBurner()
    await browser?.close()
    await served?.stop()
  })

  it('asks for notification permission only when the button is pressed', async () => {
    await expect.poll(() => page.getByTestId('no-active-alerts').count()).toBe(1)
    expect(await page.evaluate<string>('Notification.permission')).toBe('default')
    await context.grantPermissions(['notifications'], { origin: served.url })
    await page.getByTestId('notify-ask').click()
    await expect.poll(() => page.getByTestId('notify-state').textContent()).toMatch(/notifications on/)
  })

  it('fires while the burner runs', async () => {
    burner = spawn(process.execPath, ['-e', 'for (;;) {}', MARKER], { stdio: 'ignore' })
    await expect.poll(() => row().getAttribute('data-state'), { timeout: 60_000 }).toBe('firing')
    expect(await row().textContent()).toMatch(/burner at [\d.]+ % for 2s/)
    await expect.poll(() => page.getByTestId('alerts-badge').getAttribute('data-severity')).toBe('critical')
    expect(await page.title()).toMatch(/^\(1\) Gapwatch/)
    await screenshot(page, 'alerts-view-burner-firing')
  })

  it('resolves after the burner stops, and the log keeps both', async () => {
    await stopBurner()
    await expect.poll(() => row().count(), { timeout: 60_000 }).toBe(0)
    await expect.poll(() => page.getByTestId('alerts-badge').count()).toBe(0)
    await expect.poll(() => page.title()).toMatch(/^Gapwatch/)
    const states = page.locator('[data-testid="log-table"] tr[data-rule="burner-busy"]')
    await expect.poll(async () => (await states.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state')))).sort()).toEqual(expect.arrayContaining(['firing', 'resolved']))
  })

  it('notified the firing and the resolution, one notification each', async () => {
    // Each kind is held for the 30 s group wait before it shows.
    await expect.poll(async () => (await notes()).map((n) => n.title).sort(), { timeout: 75_000, interval: 1000 }).toEqual(['burner-busy firing (critical)', 'burner-busy resolved'])
    expect((await notes()).find((n) => n.title.includes('firing'))!.body).toMatch(/burner at/)
  })

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
