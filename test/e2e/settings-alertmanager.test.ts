// Settings → Alertmanager in Chromium against `gapwatch serve` and a real Alertmanager (Debian's
// prometheus-alertmanager, as the integration tests use): each field's error in words, a bearer
// token saved write-only (the page only ever says "set"), "Send test alert" reaching Alertmanager
// and the delivery log of the Alerts tab, and a test to a dead address failing in words.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { callServe as call, startServe, type Served } from '../helpers/serve.ts'
import { startAlertmanager, type AlertmanagerServer } from '../integration/alertmanager/alertmanager-server.ts'
import { freePort } from '../integration/prometheus/prometheus-server.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

const TOKEN = 'am-e2e-bearer-7f3a-SECRET'

describe('Settings → Alertmanager', () => {
  let served: Served
  let am: AlertmanagerServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    await ensureBuilt()
    ;[served, am, browser] = await Promise.all([startServe([]), startAlertmanager(), launchBrowser()])
    // Alertmanager answers its API once it has started
    await vi.waitFor(() => am.alerts(), { timeout: 30_000, interval: 200 })
    page = await newPage(browser)
    await page.goto(`${served.url}/#settings`)
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all([served?.stop(), am?.stop()])
  })

  it('shows each field’s error in words and saves nothing until they are fixed', async () => {
    const card = page.getByTestId('alertmanager-card')
    await expect.poll(() => card.getByTestId('am-enabled').count(), { timeout: 30_000 }).toBe(1)
    await card.getByTestId('am-enabled').check()
    await card.getByTestId('am-url').fill('http://gw:hunter2@alertmanager.example:9093')
    await card.getByTestId('am-auth').selectOption('bearer')
    await card.getByTestId('am-resend').fill('0')
    await card.getByTestId('am-save').click()
    const errors = card.locator('.field-error')
    await expect.poll(() => errors.allTextContents(), { timeout: 30_000 }).toEqual([
      'must not carry a user name or password (use auth instead: the URL is shown to every client)',
      'required: the token Alertmanager (or its proxy) expects',
      'a whole number of seconds from 1 to 3600',
    ])
    expect(await card.getByTestId('am-result').textContent()).toBe('Fix the fields marked in red first.')
    await screenshot(page, 'settings-alertmanager-errors')
    expect(await call(served.url, 'getSettings', {})).toMatchObject({ alertmanager: null })
  })

  it('saves a bearer token write-only, and the test alert reaches Alertmanager and the delivery log', async () => {
    const card = page.getByTestId('alertmanager-card')
    await card.getByTestId('am-url').fill(am.url)
    await card.getByTestId('am-token').fill(TOKEN)
    await card.getByTestId('am-resend').fill('30')
    expect(await card.locator('.field-error').count()).toBe(0)
    await card.getByTestId('am-save').click()
    await expect.poll(() => card.getByTestId('am-result').textContent(), { timeout: 30_000 }).toBe('Saved: alerts are delivered to this Alertmanager.')
    expect(await call(served.url, 'getSettings', {})).toMatchObject({ alertmanager: { url: am.url, resendSeconds: 30, auth: { type: 'bearer', tokenSet: true } } })
    expect(await card.getByTestId('am-token').inputValue()).toBe('')
    expect(await card.getByTestId('am-token').getAttribute('placeholder')).toBe('set (unchanged)')
    expect(await page.content()).not.toContain(TOKEN)

    await card.getByTestId('am-test').click()
    await expect.poll(() => card.getByTestId('am-result').textContent(), { timeout: 30_000 }).toMatch(/^Test alert delivered \(HTTP 200\): Alertmanager lists GapwatchTestAlert/)
    await screenshot(page, 'settings-alertmanager')
    await expect.poll(async () => (await am.alerts()).map((a) => a.labels.alertname), { timeout: 30_000, interval: 200 }).toContain('GapwatchTestAlert')

    await page.getByRole('tab', { name: 'Alerts' }).click()
    const row = page.getByTestId('deliveries').locator('tbody tr').first()
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('GapwatchTestAlert')
    expect(await row.textContent()).toContain(`delivered (HTTP 200)`)
    expect(await row.textContent()).toContain(`${am.url}/api/v2/alerts`)
    await screenshot(page, 'settings-alertmanager-delivery-log')
    await page.getByRole('tab', { name: 'Settings' }).click()
  })

  it('asks for the token again for another Alertmanager, and says why a test to a dead address failed', async () => {
    const card = page.getByTestId('alertmanager-card')
    const dead = `http://127.0.0.1:${await freePort()}`
    await expect.poll(() => card.getByTestId('am-url').count(), { timeout: 30_000 }).toBe(1)
    await card.getByTestId('am-url').fill(dead)
    await expect.poll(() => card.getByTestId('am-test').isDisabled()).toBe(true) // the test goes to the saved one: save first
    await card.getByTestId('am-save').click()
    // a stored secret never follows the URL to another server
    await expect.poll(() => card.getByTestId('am-result').textContent(), { timeout: 30_000 }).toMatch(/alertmanager\.auth\.token: required, and there is no stored token to keep \(a stored secret is kept only for the same Alertmanager origin; enter it again\)/)
    await card.getByTestId('am-token').fill(TOKEN)
    await card.getByTestId('am-save').click()
    await expect.poll(() => card.getByTestId('am-result').textContent(), { timeout: 30_000 }).toBe('Saved: alerts are delivered to this Alertmanager.')
    await card.getByTestId('am-test').click()
    await expect.poll(() => card.getByTestId('am-result').textContent(), { timeout: 30_000 }).toMatch(/^Test alert failed: .*ECONNREFUSED.*\. Logged under Alerts → deliveries\.$/)
  })
})
