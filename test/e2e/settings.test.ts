// Settings: the form validates with the shared schema (field errors), saves, applies, and the
// values survive a restart of the server on the same data directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

describe('Settings', () => {
  let served: Served
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    await ensureBuilt()
    ;[served, browser] = await Promise.all([startServe([]), launchBrowser()])
    page = await newPage(browser)
    await page.goto(`${served.url}/#settings`)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('shows the data directory and its size', async () => {
    await expect.poll(() => page.getByTestId('data-dir').textContent(), { timeout: 10_000 }).toBe(served.dataDir)
    expect(await page.getByTestId('db-size').textContent()).toMatch(/B$/)
  })

  it('shows a field error for an invalid value and does not save it', async () => {
    const interval = page.getByTestId('set-interval')
    await interval.fill('100')
    const field = page.locator('.field', { has: interval })
    await expect.poll(() => field.locator('.field-error').textContent()).toMatch(/250/)
    expect(await interval.getAttribute('aria-invalid')).toBe('true')
    await page.getByTestId('save-settings').click()
    expect(await page.getByTestId('settings-result').textContent()).toContain('Fix the fields')
    await page.getByRole('button', { name: 'Discard changes' }).click()
    expect(await interval.inputValue()).toBe('1000')
  })

  it('saves, applies, and keeps the values across a server restart', async () => {
    await page.getByTestId('set-interval').fill('500')
    await page.getByTestId('set-workers').fill('2')
    await page.getByTestId('save-settings').click()
    await expect.poll(() => page.getByTestId('settings-result').textContent(), { timeout: 10_000 }).toBe('Saved and applied.')
    // Applied without a restart: the status bar shows the new interval.
    await expect.poll(() => page.getByTestId('statusbar').textContent()).toContain('every 500 ms')
    await screenshot(page, 'settings-saved')

    const dataDir = served.dataDir
    const port = new URL(served.url).port
    expect(await served.stop()).toBe(0)
    // The page notices the lost connection…
    await expect.poll(() => page.getByTestId('reconnect-banner').count(), { timeout: 10_000 }).toBe(1)
    expect(await page.getByTestId('conn-state').textContent()).toMatch(/disconnected|connecting/)
    await screenshot(page, 'settings-disconnected')

    // …and reconnects by itself when the server is back on the same address (the last --port wins).
    served = await startServe(['--port', port], dataDir)
    await expect.poll(() => page.getByTestId('reconnect-banner').count(), { timeout: 20_000 }).toBe(0)
    expect((await page.getByTestId('conn-state').textContent())?.trim()).toBe('connected')
    await page.reload()
    await expect.poll(() => page.getByTestId('set-interval').inputValue(), { timeout: 10_000 }).toBe('500')
    expect(await page.getByTestId('set-workers').inputValue()).toBe('2')
  }, 60_000)
})
