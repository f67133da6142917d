// Scanner: a scan started from the view shows its jobs with progress bars and completes; the
// summary and the job lists agree at every moment; a page opened after the first-run scan draws it;
// a finished job links to its symbol in Symbols.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { newPage, openDashboard, resultsDir, screenshot } from './setup.ts'

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
    // ... and every moment the summary line, the queue counts and the job panels disagree (they come
    // from one view).
    await dash.page.evaluate(`(() => {
      window.__seen = { bars: 0, max: 0, checks: 0, mismatches: [] }
      const num = (s) => Number(s.replace(/[^0-9]/g, ''))
      new MutationObserver(() => {
        const bars = document.querySelectorAll('[data-testid=job-progress]')
        window.__seen.bars = Math.max(window.__seen.bars, bars.length)
        for (const b of bars) window.__seen.max = Math.max(window.__seen.max, Number(b.value))
        const summary = document.querySelector('[data-testid=pool-summary]')?.textContent ?? ''
        const m = /([\\d\\u202f]+) queued · ([\\d\\u202f]+) running · ([\\d\\u202f]+) done/.exec(summary)
        const panel = /([\\d\\u202f]+) running · ([\\d\\u202f]+) queued/.exec(document.querySelector('[data-testid=running-count]')?.textContent ?? '')
        const done = /([\\d\\u202f]+) done/.exec(document.querySelector('[data-testid=done-count]')?.textContent ?? '')
        if (!m || !panel || !done) return
        window.__seen.checks++
        const rows = document.querySelectorAll('[data-testid=job-row]').length
        const active = num(m[1]) + num(m[2])
        const perQueue = [...(document.querySelector('[data-testid=queue-counts]')?.textContent ?? '').matchAll(/: ([\\d\\u202f]+) queued/g)].reduce((n, q) => n + num(q[1]), 0)
        const bad = num(m[1]) !== num(panel[2]) || num(m[2]) !== num(panel[1]) || num(m[3]) !== num(done[1]) || rows !== Math.min(active, 30) || perQueue !== num(m[1])
        if (bad) window.__seen.mismatches.push(summary + ' | ' + panel[0] + ' | ' + done[0] + ' | rows ' + rows + ' | per queue ' + perQueue)
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    })()`)
    await dash.page.getByTestId('scan-watchlist').click()
    await dash.page.screenshot({ path: `${resultsDir}/scanner-running.png` })
    await expect.poll(() => dash.page.getByRole('status').filter({ hasText: /Queued \d+ scan jobs?/ }).count(), { timeout: 10_000 }).toBe(1)
    const queuedText = (await dash.page.getByRole('status').filter({ hasText: /Queued/ }).textContent())!
    const jobs = Number(/Queued (\d+)/.exec(queuedText)![1])
    expect(jobs).toBeGreaterThan(0)
    await expect.poll(async () => (await summary(dash.page))?.done, { timeout: 60_000 }).toBe(before + jobs)
    const seen = await dash.page.evaluate<{ bars: number; max: number; checks: number; mismatches: string[] }>('window.__seen')
    expect(seen.bars).toBeGreaterThan(0)
    expect(seen.checks).toBeGreaterThan(0)
    expect(seen.mismatches).toEqual([])
    await expect.poll(async () => (await summary(dash.page))?.running, { timeout: 10_000 }).toBe(0)
    expect(await dash.page.getByTestId('no-running').isVisible()).toBe(true)
    expect(await dash.page.getByTestId('done-jobs').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await dash.page.getByTestId('failed-jobs').textContent()).toContain('No failed jobs')
    expect(await dash.page.getByTestId('worker-bars').locator('li').count()).toBeGreaterThan(0)
    await screenshot(dash.page, 'scanner-done')
  }, 60_000)

  it('draws past scans (the first-run one included) on the charts of a page opened after them', async () => {
    // The scan finished before this page existed: the engine's poolHistory brings it.
    const page = await newPage((dash.page.context().browser())!)
    await page.goto(`${dash.served.url}/#scanner`)
    await expect.poll(async () => (await summary(page))?.done ?? 0, { timeout: 15_000 }).toBeGreaterThan(0)
    for (const id of ['chart-throughput', 'chart-queue']) {
      await expect.poll(() => page.getByTestId(id).locator('.chart-empty').count(), { timeout: 10_000 }).toBe(0)
      expect(await page.getByTestId(id).locator('canvas').count()).toBe(1)
    }
    await screenshot(page, 'scanner-first-run')
    await page.context().close()
  })

  it("links a finished job to its symbol's zones in Symbols", async () => {
    const link = dash.page.getByTestId('done-jobs').getByTestId('job-symbol-link').first()
    const symbol = (await link.textContent())!
    await link.click()
    await expect.poll(() => dash.page.getByRole('tab', { name: 'Symbols' }).getAttribute('aria-selected')).toBe('true')
    expect(new URL(dash.page.url()).hash).toBe(`#symbols?symbol=${symbol}`)
    await expect.poll(() => dash.page.getByTestId('symbol-detail').locator('h2').textContent(), { timeout: 15_000 }).toContain(symbol)
    expect(await dash.page.getByTestId(`wl-${symbol}`).getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => dash.page.getByTestId('zone-row').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    // a reload keeps the symbol open
    await dash.page.reload()
    await expect.poll(() => dash.page.getByTestId('symbol-detail').locator('h2').textContent(), { timeout: 15_000 }).toContain(symbol)
  })

  it('runs the scaling experiment and keeps its result when the view is left and reopened', async () => {
    await dash.page.getByRole('tab', { name: 'Scanner' }).click()
    const bench = dash.page.getByTestId('bench')
    await bench.getByLabel('Symbols').fill('2')
    await bench.getByLabel('Candles per symbol').fill('2000')
    await bench.getByTestId('run-bench').click()
    await expect.poll(() => bench.locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(1)
    expect(await bench.locator('caption').textContent()).toBe('2 symbols × 2\u202f000 candles')
    const rows = await bench.locator('tbody tr').allTextContents()
    // the result is the mutation's, held for the session: another view and back, it is still there
    await dash.page.getByRole('tab', { name: 'Symbols' }).click()
    await expect.poll(() => dash.page.getByTestId('bench').count()).toBe(0)
    await dash.page.getByRole('tab', { name: 'Scanner' }).click()
    await expect.poll(() => bench.locator('tbody tr').allTextContents()).toEqual(rows)
    expect(await bench.getByTestId('chart-speedup').locator('canvas').count()).toBe(1)
    // and the form still says what that run asked for
    expect(await bench.getByLabel('Symbols').inputValue()).toBe('2')
    expect(await bench.getByLabel('Candles per symbol').inputValue()).toBe('2000')
    await screenshot(dash.page, 'scanner-bench')
  }, 90_000)
})
