// Token login: a server started with --token refuses the API and the WebSocket without it; the
// login page rejects a wrong token and lets the right one in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

const TOKEN = 'e2e-secret-token'

describe('Token login', () => {
  let served: Served
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    await ensureBuilt()
    ;[served, browser] = await Promise.all([startServe(['--interval', '500ms', '--token', TOKEN]), launchBrowser()])
    page = await newPage(browser)
    await page.goto(`${served.url}/`)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('asks for the token and rejects a wrong one', async () => {
    await expect.poll(() => page.getByTestId('login-form').count(), { timeout: 10_000 }).toBe(1)
    await page.getByLabel('Token').fill('not-the-token')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 10_000 }).toBe('Wrong token')
    expect(await page.getByRole('tablist').count()).toBe(0)
    await screenshot(page, 'login-wrong-token')
  })

  it('accepts the right token and streams live data', async () => {
    await page.getByLabel('Token').fill(TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('tablist').count(), { timeout: 10_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('cpu-value').textContent(), { timeout: 10_000 }).toMatch(/%$/)
    // The session cookie is HttpOnly: the page's scripts cannot read the token.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).not.toContain(TOKEN)
    // A reload keeps the session (the cookie).
    await page.reload()
    await expect.poll(() => page.getByTestId('cpu-value').textContent(), { timeout: 10_000 }).toMatch(/%$/)
    expect(await page.getByTestId('login-form').count()).toBe(0)
    await screenshot(page, 'login-accepted')
  })
})
