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

  it('uses the width it has, shows whole patterns, and hides desktop-only settings in the browser', async () => {
    await expect.poll(() => page.getByTestId('set-interval').count(), { timeout: 10_000 }).toBe(1)
    const viewport = page.viewportSize()!
    const form = (await page.getByRole('form', { name: 'Settings' }).boundingBox())!
    expect(form.width).toBeGreaterThan(viewport.width * 0.9)
    // The tray is the desktop app's: not offered over a WebSocket.
    expect(await page.getByTestId('set-tray').count()).toBe(0)
    expect(await page.getByText('Keep running in the tray').count()).toBe(0)
    // A long pattern is readable whole: nothing of it is scrolled out of its box.
    const long = 'python.*(momentum|mean_reversion|pairs)_strategy|MetaTrader|terminal64|ib-?gateway|tws|ninjatrader|sierrachart|bookmap|quantower'
    const pattern = page.getByTestId('group-pattern').first()
    await pattern.fill(long)
    await expect.poll(() => pattern.inputValue()).toBe(long)
    const box = await pattern.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight }))
    expect(box.sw).toBeLessThanOrEqual(box.cw)
    expect(box.sh).toBeLessThanOrEqual(box.ch + 1)
    // Enter does not break a pattern into lines
    await pattern.press('End')
    await pattern.press('Enter')
    expect(await pattern.inputValue()).toBe(long)
    await screenshot(page, 'settings-wide')
    await page.getByRole('button', { name: 'Discard changes' }).click()
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
