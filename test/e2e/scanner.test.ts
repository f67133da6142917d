// Scanner: a scan started from the view shows its jobs with progress bars and completes.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openDashboard, resultsDir, screenshot } from './setup.ts'

/** Pool figures parsed from the summary line ("1 worker · 0 queued · 0 running · 15 done · …"). */
async function summary(page: Page): Promise<{ queued: number; running: number; done: number } | null> {
  const text = (await page.getByTestId('pool-summary').textContent()) ?? ''
  const m = /(\d+) queued · (\d+) running · ([\d\u202f]+) done/.exec(text)
  return m ? { queued: Number(m[1]), running: Number(m[2]), done: Number(m[3].replace(/\u202f/g, '')) } : null
}

describe('Scanner', () => {
  const dash = openDashboard('#scanner', ['--interval', '1s'])

  it('runs a watchlist scan with progress bars to completion', async () => {
    // The first run scans the demo watchlist by itself: let it finish first.
    await expect.poll(async () => (await summary(dash.page))?.queued === 0 && (await summary(dash.page))?.running === 0, { timeout: 30_000 }).toBe(true)
    const before = (await summary(dash.page))!.done
    // Jobs can be quick: record every progress bar the page ever shows, from before the click.
    await dash.page.evaluate(`(() => {
      window.__seen = { bars: 0, max: 0 }
      new MutationObserver(() => {
        const bars = document.querySelectorAll('[data-testid=job-progress]')
        window.__seen.bars = Math.max(window.__seen.bars, bars.length)
        for (const b of bars) window.__seen.max = Math.max(window.__seen.max, Number(b.value))
      }).observe(document.body, { subtree: true, childList: true, attributes: true })
    })()`)
    await dash.page.getByTestId('scan-watchlist').click()
    await dash.page.screenshot({ path: `${resultsDir}/scanner-running.png` })
    await expect.poll(() => dash.page.getByRole('status').filter({ hasText: /Queued \d+ scan jobs?/ }).count(), { timeout: 10_000 }).toBe(1)
    const queuedText = (await dash.page.getByRole('status').filter({ hasText: /Queued/ }).textContent())!
    const jobs = Number(/Queued (\d+)/.exec(queuedText)![1])
    expect(jobs).toBeGreaterThan(0)
    await expect.poll(async () => (await summary(dash.page))?.done, { timeout: 60_000 }).toBe(before + jobs)
    const seen = await dash.page.evaluate<{ bars: number; max: number }>('window.__seen')
    expect(seen.bars).toBeGreaterThan(0)
    await expect.poll(async () => (await summary(dash.page))?.running, { timeout: 10_000 }).toBe(0)
    expect(await dash.page.getByTestId('no-running').isVisible()).toBe(true)
    expect(await dash.page.getByTestId('done-jobs').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await dash.page.getByTestId('failed-jobs').textContent()).toContain('No failed jobs')
    expect(await dash.page.getByTestId('worker-bars').locator('li').count()).toBeGreaterThan(0)
    await screenshot(dash.page, 'scanner-done')
  }, 60_000)
})
