// Settings → Cost in Chromium: daily trade counts pasted or uploaded as "date,trades" lines, a bad
// line refused by its number (and the form not saved), the good ones saved and shown again after a
// reload; "Discard changes" resets the "My instance types" and daily-counts boxes to what is saved.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, type Served } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

describe('Settings → Cost', () => {
  let browser: Browser
  let served: Served
  let page: Page

  beforeAll(async () => {
    await ensureBuilt()
    ;[served, browser] = await Promise.all([startServe([], tempDir('gw-settings-cost-')), launchBrowser()])
    page = await newPage(browser)
    await page.goto(`${served.url}/#settings`)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  const csvBox = () => page.getByTestId('set-cost-trades-csv')
  const errorOf = (testId: string) => page.locator('.field', { has: page.getByTestId(testId) }).locator('.field-error')

  it('takes daily trade counts pasted as CSV, refusing a bad line by its number', async () => {
    await expect.poll(() => page.getByTestId('cost-settings').count(), { timeout: 15_000 }).toBe(1)
    await page.getByTestId('set-cost-trades-mode').selectOption('daily')
    await csvBox().fill('date,trades\n2026-11-30,95\n2026-12-01,lots\n2026-12-02,80')
    await expect.poll(() => errorOf('set-cost-trades-csv').textContent()).toBe('line 3: expected "YYYY-MM-DD,count" with a whole count ≥ 0, got "2026-12-01,lots".')
    await page.getByTestId('save-settings').click()
    expect(await page.getByTestId('settings-result').textContent()).toContain('Fix the fields')
    await csvBox().fill('date,trades\n2026-11-30,95\n2026-12-01,102\n2026-12-02,80')
    await expect.poll(() => errorOf('set-cost-trades-csv').count()).toBe(0)
    await page.getByTestId('cost-settings').scrollIntoViewIfNeeded()
    await screenshot(page, 'settings-cost-trades')
    await page.getByTestId('save-settings').click()
    await expect.poll(() => page.getByTestId('settings-result').textContent()).toBe('Saved and applied.')
    await page.reload()
    await expect.poll(() => csvBox().inputValue(), { timeout: 15_000 }).toBe('2026-11-30,95\n2026-12-01,102\n2026-12-02,80')
  })

  it('loads daily counts from an uploaded CSV file', async () => {
    const file = path.join(tempDir('gw-trades-'), 'trades.csv')
    fs.writeFileSync(file, '2026-12-03,7\r\n2026-12-04,9\r\n')
    await page.getByTestId('set-cost-trades-file').setInputFiles(file)
    // a text area's value has its line breaks normalised to \n
    await expect.poll(() => csvBox().inputValue()).toBe('2026-12-03,7\n2026-12-04,9\n')
    expect(await errorOf('set-cost-trades-csv').count()).toBe(0)
    // Discard: the saved counts come back in the box
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => csvBox().inputValue()).toBe('2026-11-30,95\n2026-12-01,102\n2026-12-02,80')
  })

  it('"Discard changes" resets the "My instance types" box', async () => {
    await page.getByTestId('set-cost-pricing').selectOption('catalog')
    await page.getByTestId('set-cost-catalog').fill('office-box, 8, 32, 0.12')
    await page.getByTestId('save-settings').click()
    await expect.poll(() => page.getByTestId('settings-result').textContent()).toBe('Saved and applied.')
    await page.getByTestId('set-cost-catalog').fill('office-box, 8, 32, 0.12\nrack-box, 32, 128, 0.5')
    await page.getByTestId('set-cost-trades-mode').selectOption('none')
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => page.getByTestId('set-cost-catalog').inputValue()).toBe('office-box, 8, 32, 0.12')
    expect(await page.getByTestId('set-cost-trades-mode').inputValue()).toBe('daily')
    expect(await csvBox().inputValue()).toBe('2026-11-30,95\n2026-12-01,102\n2026-12-02,80')
  })
})
