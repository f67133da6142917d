// History: a range switch asks the engine for the right tier and draws it; drag-to-zoom leaves
// live mode and asks for the zoomed range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, screenshot } from './setup.ts'

interface Drawn {
  seq: number
  range: string
  tier: string
  ms: number
  points: number
}

describe('History', () => {
  let served: Served
  let browser: Browser
  let page: Page

  const drawn = () => page.evaluate<Drawn | null>('window.__gapwatchHistoryDrawn ?? null')

  beforeAll(async () => {
    await ensureBuilt()
    ;[served, browser] = await Promise.all([startServe(['--interval', '250ms']), launchBrowser()])
    page = await newPage(browser)
    await page.goto(`${served.url}/#history`)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('answers 1 h from the raw tier and draws it', async () => {
    await page.getByTestId('range-1h').click()
    await expect.poll(async () => (await drawn())?.range, { timeout: 10_000 }).toBe('1h')
    await expect.poll(() => page.getByTestId('history-tier').textContent()).toBe('raw')
    // Samples stored since the server started are drawn (the preset re-queries as they arrive).
    await expect
      .poll(async () => page.locator('[data-testid="history-chart-cpu.total"] .chart-empty').count(), { timeout: 10_000 })
      .toBe(0)
  })

  for (const id of ['24h', '7d'] as const) {
    it(`on a new install, ${id} says where the data starts and draws the samples from there, not an empty box`, async () => {
      // The points are counted as the range is first drawn (a preset's refreshes are not reported), so
      // wait until the engine has run long enough to have stored more than five seconds' samples:
      // on a busy machine the earlier tests may take less than that.
      await expect
        .poll(async () => ((await (await fetch(`${served.url}/api/health`)).json()) as { uptimeS: number }).uptimeS, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(8)
      await page.getByTestId(`range-${id}`).click()
      await expect.poll(async () => (await drawn())?.range, { timeout: 10_000 }).toBe(id)
      expect(await page.getByTestId(`range-${id}`).getAttribute('aria-pressed')).toBe('true')
      await expect.poll(() => page.getByTestId('history-data-start').textContent(), { timeout: 10_000 }).toMatch(/^Data starts at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/)
      // The few seconds stored are drawn at the raw tier's resolution: many points, not one bucket.
      expect((await drawn())?.points ?? 0).toBeGreaterThan(5)
      expect(await page.getByTestId('history-tier').textContent()).toBe('raw')
      expect(await page.locator('[data-testid="history-chart-cpu.total"] .chart-empty').count()).toBe(0)
      await screenshot(page, `history-${id}-new-install`)
    })
  }

  it('zooms by dragging across a chart and leaves live mode', async () => {
    await page.getByTestId('range-15m').click()
    await expect.poll(async () => (await drawn())?.range, { timeout: 10_000 }).toBe('15m')
    const canvas = page.locator('[data-testid="history-chart-cpu.total"] canvas')
    const box = (await canvas.boundingBox())!
    const y = box.y + box.height / 2
    // The server has only run for seconds: zoom into the last ~2 minutes of the 15, releasing past
    // the right edge (the selection stops at the plot's edge, where the newest samples are).
    await page.mouse.move(box.x + box.width * 0.85, y)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.95, y, { steps: 5 })
    await page.mouse.move(box.x + box.width + 30, y, { steps: 5 })
    await page.mouse.up()
    await expect.poll(async () => (await drawn())?.range, { timeout: 10_000 }).toBe('zoom')
    expect(await page.getByRole('button', { name: 'Back to live' }).isVisible()).toBe(true)
    expect(await page.getByTestId('history-tier').textContent()).toBe('raw')
    await screenshot(page, 'history-zoomed')
    await expect
      .poll(async () => page.locator('[data-testid="history-chart-cpu.total"] .chart-empty').count(), { timeout: 10_000 })
      .toBe(0)
    await page.getByRole('button', { name: 'Back to live' }).click()
    await expect.poll(async () => (await drawn())?.range, { timeout: 10_000 }).toBe('15m')
    await screenshot(page, 'history-15m')
  })
})
