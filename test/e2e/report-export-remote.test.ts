// "Export report…" with another engine picked in the Engine menu (Chromium against two real
// `gapwatch serve`: A serves the page, B, seeded with history, is saved in A as "vps"): the preview
// is B's report, and Save JSON must save that report, not A's (/api/report is A's: it once did).
// B's PDF cannot be printed through A's relay, so Save PDF is off and says where to get it; the
// Reports view's "Now" links and scheduled files (A's files) are left out for B, saying so.
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'
import { startServe, tempDir, type Served } from '../helpers/serve.ts'
import { ensureReportBuilt } from '../integration/report/report-build.ts'
import { seedHistory, seedStart } from '../integration/report/seed.ts'
import { REPORT_FORMATS, ReportSchema } from '../../shared/report.ts'

let a: Served
let b: Served
let browser: Browser
let page: Page
const WAIT = { timeout: 30_000 }

beforeAll(async () => {
  const dir = tempDir('gw-export-remote-')
  await Promise.all([ensureBuilt(), ensureReportBuilt(), seedHistory(dir, seedStart())])
  ;[a, b, browser] = await Promise.all([startServe(['--interval', '1s']), startServe(['--interval', '1s'], dir), launchBrowser()])
  const saved = await fetch(`${a.url}/api/hosts`, { method: 'POST', body: JSON.stringify({ name: 'vps', url: b.url }), headers: { 'content-type': 'application/json' } })
  expect(saved.status).toBe(200)
  page = await newPage(browser)
  await page.goto(`${a.url}/#settings`)
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([a?.stop(), b?.stop()])
})

describe('Export report… of another engine', () => {
  it('previews the picked engine and saves that report as JSON, not this engine’s', async () => {
    const menu = page.getByTestId('host-menu')
    await expect.poll(() => menu.locator('option').allTextContents(), WAIT).toContain('vps')
    await menu.selectOption('vps')
    // The dashboard shows B once Settings shows B's data directory.
    await expect.poll(() => page.getByTestId('data-dir').textContent(), WAIT).toBe(b.dataDir)
    await page.getByTestId('header-export').click()
    const panel = page.getByTestId('report-export')
    // B's seeded process group "trader" is in the preview: it is B's report.
    await expect.poll(() => page.getByTestId('report-preview').locator('main.report').textContent(), WAIT).toContain('trader')

    // By its words: a link to /api/report once, now a button saving the model previewed.
    const link = panel.getByText('Save JSON', { exact: true })
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), link.click()])
    const file = path.join(tempDir('gw-export-remote-dl-'), dl.suggestedFilename())
    await dl.saveAs(file)
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')))
    expect(report.processes.byCpu.map((g) => [g.name, g.cpu.avg])).toEqual(expect.arrayContaining([['trader', 150], ['browser', 20]]))
    expect(dl.suggestedFilename()).toMatch(/^gapwatch-report-vps-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.json$/)

    // Save PDF is off for B, and the panel says where B's PDF comes from.
    const pdf = panel.getByRole('button', { name: 'Save PDF' })
    expect(await pdf.isDisabled()).toBe(true)
    expect(await panel.textContent()).toContain('The PDF of "vps" is printed by vps itself')
    expect(await panel.locator('a[href^="/api/report"]').count()).toBe(0)
    await screenshot(page, 'reports-export-remote')
  })

  it('leaves out this engine’s "Now" links and scheduled files while vps is shown, saying why', async () => {
    const view = page.getByTestId('reports-view')
    await expect.poll(() => view.getByTestId('reports-remote').textContent(), WAIT).toContain('These are the reports of "vps"')
    expect(await view.locator('a[href^="/api/report"]').count()).toBe(0)
    // Back on this machine the links are there again.
    await page.getByTestId('host-menu').selectOption('')
    await expect.poll(() => view.locator('a[href^="/api/report?preset="]').count(), WAIT).toBe(3 * REPORT_FORMATS.length)
    expect(await view.getByTestId('reports-remote').count()).toBe(0)
  })
})
