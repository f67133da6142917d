// One view's fault is not a blank app. A silence stored until 1e300 (an older version accepted it:
// no schema refuses it there) once threw "Invalid time value" while the Alerts tab formatted it, and
// with no error boundary the whole page went blank, tabs included, on every load. Now the time shows
// as "—"; and a view that still throws shows a message naming it, with the tabs usable. The fault is
// injected in the page (Date.prototype.toDateString made to throw: only the alerts' times call it),
// the rest is the real serve and its real database.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, tempDir, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

describe('a view that cannot show what it was given', () => {
  let served: Served
  let browser: Browser
  const pages: Page[] = []

  async function open(init?: string): Promise<{ page: Page; errors: string[] }> {
    const page = await newPage(browser)
    pages.push(page)
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    if (init) await page.addInitScript(init)
    await page.goto(`${served.url}/#alerts`)
    return { page, errors }
  }

  beforeAll(async () => {
    await ensureBuilt()
    const dataDir = tempDir('gw-view-boundary-')
    // A first run makes the database; its silences are then written as an older version stored them.
    const first = await startServe([], dataDir)
    await first.stop()
    const db = new Database(path.join(dataDir, 'gapwatch.db'))
    const add = db.prepare("INSERT INTO alert_silence (rule, labels, until, comment, created_at) VALUES (?, '{}', ?, '', ?)")
    add.run('far-rule', 1e300, Date.now())
    add.run('hour-rule', Date.now() + 3_600_000, Date.now())
    db.close()
    ;[served, browser] = await Promise.all([startServe([], dataDir), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('shows a silence until 1e300 with "—" for its time, and the page stays whole', async () => {
    const { page, errors } = await open()
    const far = page.getByTestId('silence-far-rule')
    await expect.poll(() => far.count(), { timeout: 30_000 }).toBe(1)
    expect(await far.textContent()).toContain('—')
    expect(await far.locator('td[title]').getAttribute('title')).toBe('—')
    expect(await page.getByTestId('silence-hour-rule').textContent()).toMatch(/in (59 minutes|1 hour)/)
    expect(await page.getByRole('tab').count()).toBe(8)
    expect(errors).toEqual([])
    await screenshot(page, 'alerts-silence-bad-time')
  })

  it('shows a view that throws as a message naming it, with the tabs still working', async () => {
    const { page } = await open(`Date.prototype.toDateString = function () { throw new RangeError('injected fault') }`)
    const boundary = page.getByTestId('view-error')
    await expect.poll(() => boundary.count(), { timeout: 30_000 }).toBe(1)
    expect(await boundary.textContent()).toContain('The Alerts view failed')
    expect(await boundary.textContent()).toContain('injected fault')
    expect(await page.getByRole('tab').count()).toBe(8)
    await screenshot(page, 'view-boundary')
    await page.getByRole('tab', { name: 'Overview' }).click()
    await expect.poll(() => page.locator('main#view').getAttribute('data-view')).toBe('overview')
    expect(await boundary.count()).toBe(0)
    // Back to Alerts: tried again (and here fails again, in words).
    await page.getByRole('tab', { name: /^Alerts/ }).click()
    await expect.poll(() => boundary.count(), { timeout: 30_000 }).toBe(1)
  })
})
