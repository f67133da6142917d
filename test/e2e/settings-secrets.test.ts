// The Settings view saves its whole draft, which holds the redacted Alertmanager target (no
// password): saving it over `gapwatch serve` applies the change and keeps the stored password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { callServe as call, startServe, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

const PASSWORD = 'pw-e2e-5d1c-SECRET'

describe('Settings view with an Alertmanager password', () => {
  let served: Served
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    await ensureBuilt()
    ;[served, browser] = await Promise.all([startServe([]), launchBrowser()])
    await call(served.url, 'setSettings', { alertmanager: { url: 'http://127.0.0.1:9093', auth: { type: 'basic', username: 'gw', password: PASSWORD } } })
    page = await newPage(browser)
    await page.goto(`${served.url}/#settings`)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('saves a change without wiping the password, which the page never sees', async () => {
    await expect.poll(() => page.getByTestId('set-interval').count(), { timeout: 10_000 }).toBe(1)
    await page.getByTestId('set-interval').fill('750')
    await page.getByTestId('save-settings').click()
    await expect.poll(() => page.getByTestId('settings-result').textContent(), { timeout: 10_000 }).toBe('Saved and applied.')
    await screenshot(page, 'settings-secrets-saved')
    expect(await call(served.url, 'getSettings', {})).toMatchObject({
      sampleIntervalMs: 750,
      alertmanager: { auth: { type: 'basic', username: 'gw', passwordSet: true } },
    })
    expect(await page.content()).not.toContain(PASSWORD)
  }, 60_000)
})
