// The hosts menu in Chromium: the dashboard of engine A switches to engine B (a second real
// `gapwatch serve`, with a token, saved in A's hosts) and every view then shows B (here the
// Settings view's data directory, which differs per engine), a wrong token is reported in words
// naming the host, and "This machine" switches back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'
import { startServe, type Served } from '../helpers/serve.ts'

const TOKEN = 'remote-token-0123456789abcdef'

describe('hosts menu', () => {
  let a: Served
  let b: Served
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    await ensureBuilt()
    ;[a, b, browser] = await Promise.all([startServe(['--interval', '1s']), startServe(['--interval', '1s', '--token', TOKEN]), launchBrowser()])
    page = await newPage(browser)
    await page.goto(`${a.url}/#settings`)
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all([a?.stop(), b?.stop()])
  })

  it('shows no hosts menu while no host is saved', async () => {
    await expect.poll(() => page.getByTestId('data-dir').textContent(), { timeout: 15_000 }).toBe(a.dataDir)
    expect(await page.getByTestId('host-menu').count()).toBe(0)
    for (const host of [
      { name: 'vps', url: b.url, token: TOKEN },
      { name: 'wrong-token', url: b.url, token: 'not-the-right-token-at-all' },
    ]) {
      const res = await fetch(`${a.url}/api/hosts`, { method: 'POST', body: JSON.stringify(host) })
      expect(res.status).toBe(200)
    }
    await page.reload()
    await expect.poll(() => page.getByTestId('host-menu').count(), { timeout: 15_000 }).toBe(1)
  })

  it('switches the dashboard to the saved host and back to this machine', async () => {
    const dataDir = page.getByTestId('data-dir')
    await expect.poll(() => dataDir.textContent(), { timeout: 15_000 }).toBe(a.dataDir)
    const menu = page.getByTestId('host-menu')
    expect(await menu.locator('option').allTextContents()).toEqual(['This machine', 'vps', 'wrong-token'])
    await menu.selectOption('vps')
    await expect.poll(() => dataDir.textContent(), { timeout: 15_000 }).toBe(b.dataDir)
    // the live views follow too: the Overview charts fill from B's samples
    await page.getByRole('tab', { name: 'Overview' }).click()
    await expect.poll(() => page.locator('main#view canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.getByRole('tab', { name: 'Settings' }).click()
    await expect.poll(() => dataDir.textContent(), { timeout: 15_000 }).toBe(b.dataDir)
    await screenshot(page, 'hosts-remote')

    await menu.selectOption('')
    await expect.poll(() => dataDir.textContent(), { timeout: 15_000 }).toBe(a.dataDir)
  })

  it('reports a wrong token in words naming the host, and stays on the engine it showed', async () => {
    const menu = page.getByTestId('host-menu')
    await menu.selectOption('wrong-token')
    const error = page.getByTestId('host-error')
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/Host "wrong-token" \(http:\/\/127\.0\.0\.1:\d+\) refused the token \(401\)/)
    expect(await menu.inputValue()).toBe('')
    expect(await page.getByTestId('data-dir').textContent()).toBe(a.dataDir)
    await screenshot(page, 'hosts-wrong-token')
  })
})
