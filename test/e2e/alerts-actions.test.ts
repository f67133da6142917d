// The Alerts view's actions against a real engine: two rules that always fire (written to rules.yaml
// before the server starts), then acknowledge, snooze (15 min, until 08:00), unsilence, silence with
// an expiry, the tab badge and title, and the log's rule and severity filters.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, tempDir, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

const rules = (hook: string) => `rules:
  - name: always-warn
    metric: cpu.total
    op: '>='
    threshold: 0
    severity: warning
    labels: { group: e2e-a }
    webhook: { url: '${hook}', retries: 0 }
  - name: always-crit
    metric: mem.used_pct
    op: '>='
    threshold: 0
    severity: critical
    labels: { group: e2e-b }
`

describe('Alerts view actions', () => {
  let served: Served
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []
  let hook: http.Server
  const posts: string[] = []

  const row = (rule: string) => page.getByTestId(`alert-${rule}`)
  const badge = () => page.getByTestId('alerts-badge')
  /** The end of a silence, read from its row (ISO in the title). */
  const silenceUntil = async (rule: string) => Date.parse((await page.getByTestId(`silence-${rule}`).locator('td[title]').getAttribute('title'))!)

  beforeAll(async () => {
    await ensureBuilt()
    const dataDir = tempDir('gw-alerts-act-')
    // The webhook's receiver: answers 200 and keeps what it was sent.
    hook = http.createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        posts.push(body)
        res.end('ok')
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    fs.writeFileSync(path.join(dataDir, 'rules.yaml'), rules(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`))
    ;[served, browser] = await Promise.all([startServe([], dataDir), launchBrowser()])
    page = await newPage(browser)
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(`${served.url}/#alerts`)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
    await new Promise((r) => hook?.close(r))
  })

  it('shows both alerts firing, the badge in the worst colour and the count in the title', async () => {
    await expect.poll(() => row('always-warn').getAttribute('data-state'), { timeout: 30_000 }).toBe('firing')
    await expect.poll(() => row('always-crit').getAttribute('data-state'), { timeout: 30_000 }).toBe('firing')
    // Worst first.
    expect(await page.locator('[data-testid="active-alerts"] tbody tr').first().getAttribute('data-testid')).toBe('alert-always-crit')
    await expect.poll(() => badge().textContent()).toBe('2')
    expect(await badge().getAttribute('data-severity')).toBe('critical')
    await expect.poll(() => page.title()).toMatch(/^\(2\) Gapwatch · Alerts/)
    expect(await row('always-crit').textContent()).toContain('>= 0')
    expect(await row('always-crit').textContent()).toContain('group=e2e-b')
    await screenshot(page, 'alerts-view-firing')
  })

  it('acknowledges an alert', async () => {
    await row('always-warn').getByRole('button', { name: 'Acknowledge' }).click()
    await expect.poll(() => row('always-warn').getByTestId('acked').count()).toBe(1)
    expect(await row('always-warn').getByRole('button', { name: 'Acknowledge' }).isDisabled()).toBe(true)
  })

  it('snoozes for 15 min (muted, off the badge), and unsilence brings it back', async () => {
    const before = Date.now()
    await page.getByLabel('Snooze always-warn').selectOption('15m')
    await expect.poll(() => page.getByTestId('silence-always-warn').count()).toBe(1)
    const until = await silenceUntil('always-warn')
    expect(until).toBeGreaterThanOrEqual(before + 15 * 60_000)
    expect(until).toBeLessThanOrEqual(Date.now() + 15 * 60_000)
    await expect.poll(() => row('always-warn').textContent()).toContain('silenced')
    await expect.poll(() => badge().textContent()).toBe('1')
    await expect.poll(() => page.title()).toMatch(/^\(1\) /)
    await page.getByTestId('silence-always-warn').getByRole('button', { name: 'Unsilence' }).click()
    await expect.poll(() => page.getByTestId('silence-always-warn').count()).toBe(0)
    await expect.poll(() => badge().textContent()).toBe('2')
  })

  it('snoozes until the next 08:00 local time', async () => {
    await page.getByLabel('Snooze always-warn').selectOption('08:00')
    await expect.poll(() => page.getByTestId('silence-always-warn').count()).toBe(1)
    const until = await silenceUntil('always-warn')
    const local = await page.evaluate((t) => {
      const d = new Date(t)
      return { h: d.getHours(), m: d.getMinutes(), s: d.getSeconds(), ahead: t - Date.now() }
    }, until)
    expect(local).toMatchObject({ h: 8, m: 0, s: 0 })
    expect(local.ahead).toBeGreaterThan(0)
    expect(local.ahead).toBeLessThanOrEqual(25 * 3_600_000)
    await page.getByTestId('silence-always-warn').getByRole('button', { name: 'Unsilence' }).click()
    await expect.poll(() => page.getByTestId('silence-always-warn').count()).toBe(0)
  })

  it('silences a rule until a chosen time with a comment', async () => {
    await row('always-crit').getByRole('button', { name: 'Silence…' }).click()
    const form = page.getByTestId('silence-form')
    const until = await page.evaluate(() => {
      const d = new Date(Date.now() + 3 * 3_600_000)
      d.setSeconds(0, 0)
      const pad = (n: number) => String(n).padStart(2, '0')
      return { text: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`, t: d.getTime() }
    })
    await form.getByTestId('silence-until').fill(until.text)
    await form.getByLabel('comment').fill('broker maintenance')
    await form.getByRole('button', { name: 'Silence', exact: true }).click()
    await expect.poll(() => page.getByTestId('silence-always-crit').count()).toBe(1)
    expect(await silenceUntil('always-crit')).toBe(until.t)
    expect(await page.getByTestId('silence-always-crit').textContent()).toContain('broker maintenance')
    await expect.poll(() => row('always-crit').textContent()).toContain('silenced')
    // Only the warning is loud now: the badge turns amber.
    await expect.poll(() => badge().getAttribute('data-severity')).toBe('warning')
    await screenshot(page, 'alerts-view-silenced')
  })

  it('filters the log by rule and severity', async () => {
    const rows = page.getByTestId('log-table').locator('tbody tr')
    await expect.poll(async () => new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-rule')))).size).toBe(2)
    await page.getByTestId('log-rule').selectOption('always-crit')
    await expect.poll(async () => [...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-rule'))))]).toEqual(['always-crit'])
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state')))).toContain('firing')
    await page.getByTestId('log-severity').selectOption('warning')
    await expect.poll(() => page.getByTestId('alert-log').textContent()).toContain('Nothing logged for this filter.')
    await page.getByTestId('log-rule').selectOption('')
    await expect.poll(async () => [...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-rule'))))]).toEqual(['always-warn'])
    await page.getByTestId('log-range-1h').click()
    expect(await page.getByTestId('log-range-1h').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(async () => [...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-rule'))))]).toEqual(['always-warn'])
  })

  it('lists the webhook delivery', async () => {
    await expect.poll(() => posts.length).toBeGreaterThan(0)
    expect(posts[0]).toContain('always-warn')
    const deliveries = page.getByTestId('deliveries')
    await expect.poll(() => deliveries.locator('tbody tr').count()).toBeGreaterThan(0)
    const first = deliveries.locator('tbody tr').first()
    expect(await first.textContent()).toMatch(/always-warn.*delivered \(HTTP 200\)/)
    expect(await first.textContent()).toContain('/hook')
  })

  it('reads well in dark mode', async () => {
    const dark = await newPage(browser, { dark: true })
    try {
      await dark.goto(`${served.url}/#alerts`)
      await expect.poll(() => dark.getByTestId('alerts-badge').getAttribute('data-severity')).toBe('warning')
      await expect.poll(() => dark.getByTestId('alert-always-crit').getAttribute('data-state')).toBe('firing')
      await screenshot(dark, 'alerts-view-dark')
    } finally {
      await dark.context().close()
    }
  })

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
