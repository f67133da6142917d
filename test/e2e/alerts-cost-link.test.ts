// An alert of the cost group (the default "CPU under 35 % over 24 h", or a rule on cost.per_trade)
// links to the Cost view from the Alerts view; other alerts do not. Screenshot in test-results/.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, tempDir, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

// Both always fire (CPU is never below 0 %); only the cost-group one links to the Cost view.
const RULES = `rules:
  - name: cost-watch
    metric: cpu.total
    op: '>='
    threshold: 0
    severity: info
    labels: { group: cost }
    message: 'CPU {{value}} %: see what the machine costs'
  - name: plain-watch
    metric: cpu.total
    op: '>='
    threshold: 0
    severity: warning
`

describe('Alerts → Cost view link', () => {
  let browser: Browser
  let served: Served
  let page: Page

  beforeAll(async () => {
    await ensureBuilt()
    const dataDir = tempDir('gw-cost-link-')
    fs.writeFileSync(path.join(dataDir, 'rules.yaml'), RULES)
    ;[served, browser] = await Promise.all([startServe([], dataDir), launchBrowser()])
    page = await newPage(browser)
    await page.goto(`${served.url}/#alerts`)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('shows "Open the Cost view" on the cost alert only, and it opens the Cost view', async () => {
    await expect.poll(() => page.getByTestId('alert-cost-watch').getAttribute('data-state'), { timeout: 20_000 }).toBe('firing')
    await expect.poll(() => page.getByTestId('alert-plain-watch').count()).toBe(1)
    expect(await page.getByTestId('alert-plain-watch').getByTestId('cost-link').count()).toBe(0)
    await screenshot(page, 'alerts-cost-link')
    await page.getByTestId('alert-cost-watch').getByTestId('cost-link').click()
    await expect.poll(() => page.locator('main#view').getAttribute('data-view')).toBe('cost')
  })
})
