// "Export report…" in the dashboard (Chromium against `gapwatch serve` on a seeded data directory):
// the header's button opens the preview, the report page drawn in the app (its charts and figures),
// a period picker (day, week, month, custom dates, a reversed range refused by name), then Save JSON
// and Save PDF download the previewed period from /api/report; the files are checked (screenshot
// reports-export-preview).
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'
import { startServe, tempDir, type Served } from '../helpers/serve.ts'
import { ensureReportBuilt } from '../integration/report/report-build.ts'
import { seedHistory, seedStart } from '../integration/report/seed.ts'
import { ReportSchema } from '../../shared/report.ts'

let served: Served
let browser: Browser
let page: Page

beforeAll(async () => {
  const dir = tempDir('gw-export-e2e-')
  await Promise.all([ensureBuilt(), ensureReportBuilt(), seedHistory(dir, seedStart())])
  ;[served, browser] = await Promise.all([startServe([], dir), launchBrowser()])
  page = await newPage(browser)
  await page.goto(`${served.url}/#overview`)
})
afterAll(async () => {
  await browser?.close()
  await served?.stop()
})

/** The report page inside the preview's shadow root (locators pierce it; textContent of the host does not). */
const sheet = () => page.getByTestId('report-preview').locator('main.report')

async function download(name: string): Promise<{ file: string; href: string }> {
  const link = page.getByTestId('report-export').getByRole('link', { name })
  const href = (await link.getAttribute('href'))!
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), link.click()])
  const file = path.join(tempDir('gw-export-dl-'), dl.suggestedFilename())
  await dl.saveAs(file)
  return { file, href }
}

/** e2e waits: a busy machine (load 10+) needs more than the default 15 s. */
const WAIT = { timeout: 30_000 }

describe('Export report… in the dashboard', () => {
  it('opens the preview from the header, with the report page drawn in the app', async () => {
    await page.getByTestId('header-export').click()
    const panel = page.getByTestId('report-export')
    await expect.poll(() => panel.count(), WAIT).toBe(1)
    const preview = page.getByTestId('report-preview')
    await expect.poll(() => preview.getByRole('heading', { name: 'Gapwatch report' }).count(), WAIT).toBe(1)
    expect(new URL(page.url()).hash).toBe('#reports')
    expect(await sheet().textContent()).toContain('(last day)')
    // The seeded CPU rises to 99 % (the host's own live samples may go higher): the figure and chart show it.
    await expect.poll(() => preview.getByTestId('report-chart-cpu.total').count(), WAIT).toBe(1)
    const peak = /CPU peak([\d.]+) %/.exec((await preview.locator('.figure', { hasText: 'CPU peak' }).textContent())!)
    expect(Number(peak?.[1])).toBeGreaterThanOrEqual(99)
    // The report's own light paper styles apply inside the dashboard (adopted into its shadow root).
    expect(await preview.locator('h2').first().evaluate((h) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(h).color)).toBe('rgb(31, 95, 191)')
    await page.getByRole('button', { name: 'Last week' }).click()
    await expect.poll(() => sheet().textContent(), WAIT).toContain('(last week)')
    await screenshot(page, 'reports-export-preview')
  })

  it('Save JSON downloads the report of the period previewed', async () => {
    const shown = (await page.getByTestId('report-preview').locator('.report-meta').nth(1).textContent())!
    const { file, href } = await download('Save JSON')
    const params = new URL(href, served.url).searchParams
    const report = ReportSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')))
    expect(report.period.from).toBe(new Date(Number(params.get('from'))).toISOString())
    expect(report.period.to).toBe(new Date(Number(params.get('to'))).toISOString())
    expect(Number(params.get('to')) - Number(params.get('from'))).toBe(7 * 86_400_000)
    expect(shown).toContain(`${report.period.from.slice(0, 10)} ${report.period.from.slice(11, 16)} UTC`)
    expect(report.summary.cpu.max).toBeGreaterThanOrEqual(99) // the seeded history is in it
  })

  it('Save PDF downloads the printed page', async () => {
    const { file } = await download('Save PDF')
    expect(path.extname(file)).toBe('.pdf')
    const pdf = fs.readFileSync(file)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(10_000)
  })

  it('custom dates: a reversed range is refused, naming the field; a good one is previewed', async () => {
    await page.getByRole('button', { name: 'Custom' }).click()
    const from = page.getByLabel('From (UTC)')
    const to = page.getByLabel('To (UTC)')
    const day = (t: number) => new Date(t).toISOString().slice(0, 10)
    const now = Date.now() // once: a run that crosses UTC midnight must compare the same days
    await to.fill(day(now - 3 * 86_400_000))
    await from.fill(day(now - 86_400_000))
    const alert = page.getByTestId('report-export').getByRole('alert')
    await expect.poll(() => alert.textContent(), WAIT).toMatch(/^From \(\d{4}-\d\d-\d\d\) must be before To/)
    expect(await page.getByTestId('report-export').getByRole('button', { name: 'Save JSON' }).isDisabled()).toBe(true)
    await from.fill(day(now - 5 * 86_400_000))
    await expect.poll(() => sheet().textContent(), WAIT).toContain(`${day(now - 5 * 86_400_000)} 00:00 UTC – ${day(now - 3 * 86_400_000)} 00:00 UTC`)
    const href = await page.getByTestId('report-export').getByRole('link', { name: 'Save JSON' }).getAttribute('href')
    expect(href).toBe(`/api/report?from=${Date.parse(day(now - 5 * 86_400_000))}&to=${Date.parse(day(now - 3 * 86_400_000))}&format=json`)
  })
})
