// The rule editor: fields are validated by the shared schema with the error next to each field,
// and "Backtest" shades exactly the moments the engine's evaluator says the rule would have fired
// on a history imported before the server starts (`gapwatch history import` of a CSV made here
// with spikes at known times).
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { runToEnd, startServe, tempDir, type Served } from '../helpers/serve.ts'
import { ensureBuilt, launchBrowser, newPage, resultsDir, screenshot } from './setup.ts'

const STEP_MS = 5000
const BASE = 40
/** Spikes of gpu.0.temp, on whole minutes so the 1-minute tier (the 7 d backtest) sees them whole. */
const SPIKES = [
  { fromMin: 10, toMin: 12, value: 90 },
  { fromMin: 31, toMin: 34, value: 88 },
]
/** A bump below the rule's threshold: must not fire. */
const NEAR_MISS = { fromMin: 20, toMin: 22, value: 79 }
const THRESHOLD = 80

interface Shaded {
  rule: string
  range: string
  ranges: Array<{ start: number; end: number | null }>
}

/** An hour of 5 s samples ending a few minutes ago, starting on a whole minute. */
function makeTrace(dir: string, t0: number): string {
  const lines = ['time,gpu.0.temp']
  for (let t = t0; t < t0 + 50 * 60_000; t += STEP_MS) {
    const min = (t - t0) / 60_000
    const spike = [...SPIKES, NEAR_MISS].find((s) => min >= s.fromMin && min < s.toMin)
    lines.push(`${new Date(t).toISOString()},${spike?.value ?? BASE}`)
  }
  const file = path.join(dir, 'gpu-trace.csv')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  return file
}

describe('rule editor and backtest', () => {
  let served: Served
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []
  let t0 = 0

  beforeAll(async () => {
    await ensureBuilt()
    const dataDir = tempDir('gw-alerts-bt-')
    t0 = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000
    const csv = makeTrace(tempDir('gw-alerts-csv-'), t0)
    const imported = await runToEnd(['history', 'import', csv, '--data-dir', dataDir])
    expect(imported.code, imported.stderr).toBe(0)
    ;[served, browser] = await Promise.all([startServe([], dataDir), launchBrowser()])
    page = await newPage(browser)
    page.on('pageerror', (err) => pageErrors.push(err.message))
    page.on('dialog', (d) => void d.accept())
    await page.goto(`${served.url}/#alerts`)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('shows each field error from the schema next to its field', async () => {
    await page.getByTestId('new-rule').click()
    const editor = page.getByTestId('rule-editor')
    const errorOf = (testId: string) => editor.locator('.field', { has: page.getByTestId(testId) }).locator('.field-error')
    // The metric picker offers what the engine stores: the imported series and the live ones.
    await expect
      .poll(() => page.locator('#rule-metrics option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))))
      .toEqual(expect.arrayContaining(['gpu.0.temp', 'cpu.total', 'mem.used_pct']))
    // A name the defaults already use is refused like any schema error.
    await page.getByTestId('rule-name').fill('gpu-hot')
    await expect.poll(() => errorOf('rule-name').textContent()).toMatch(/"gpu-hot" is used by another rule/)
    await page.getByTestId('rule-name').fill('gpu hot')
    await page.getByTestId('rule-metric').fill('gpu.temperature')
    await page.getByTestId('rule-threshold').fill('eighty')
    await page.getByTestId('rule-for').fill('5 minutes')
    await expect.poll(() => errorOf('rule-name').textContent()).toMatch(/letters, digits/)
    expect(await errorOf('rule-metric').textContent()).toMatch(/not a metric Gapwatch records/)
    expect(await errorOf('rule-threshold').textContent()).toMatch(/"eighty" is not a number/)
    expect(await errorOf('rule-for').textContent()).toMatch(/not a duration/)
    // A clear level on the wrong side of the threshold: the schema's cross-field check, on `clear`.
    await page.getByTestId('rule-threshold').fill(String(THRESHOLD))
    await page.getByTestId('rule-clear').fill('95')
    await expect.poll(() => errorOf('rule-clear').textContent()).toMatch(/at or below the threshold 80/)
    expect(await page.getByTestId('run-backtest').isDisabled()).toBe(true)
    await screenshot(page, 'alerts-editor-errors')
    await page.getByTestId('rule-name').fill('gpu-spike')
    await page.getByTestId('rule-metric').fill('gpu.0.temp')
    await page.getByTestId('rule-for').fill('0s')
    await page.getByTestId('rule-clear').fill('')
    await expect.poll(() => editor.locator('.field-error').count()).toBe(0)
  })

  it('backtest shades exactly the known spikes over 24 h and 7 d', async () => {
    await page.getByTestId('run-backtest').click()
    await expect.poll(() => page.getByTestId('backtest-summary').textContent(), { timeout: 30_000 }).toMatch(/2 times in the last 24 h and\s+2 times in the last 7 d/)
    const expected = SPIKES.map((s) => ({ start: t0 + s.fromMin * 60_000, end: t0 + s.toMin * 60_000 }))
    const shaded = () => page.evaluate<Shaded | null>('window.__gapwatchBacktestShaded ?? null')
    await expect.poll(async () => (await shaded())?.range).toBe('24h')
    expect((await shaded())!.rule).toBe('gpu-spike')
    expect((await shaded())!.ranges).toEqual(expected)
    // The list beside the chart names the same moments.
    const items = page.getByTestId('firing-list').locator('li')
    expect(await items.count()).toBe(2)
    expect(await items.nth(0).getAttribute('data-start')).toBe(new Date(expected[0].start).toISOString())
    await expect.poll(() => page.locator('[data-testid="backtest-chart"] .chart-empty').count()).toBe(0)
    await screenshot(page, 'alerts-editor-backtest-page')
    // The editor alone (a full-page shot draws the sticky bars over it).
    await page.getByTestId('rule-editor').screenshot({ path: path.join(resultsDir, 'alerts-editor-backtest-24h.png') })
    await page.getByTestId('backtest-range-7d').click()
    await expect.poll(async () => (await shaded())?.range).toBe('7d')
    expect((await shaded())!.ranges).toEqual(expected)
    await page.getByTestId('backtest').screenshot({ path: path.join(resultsDir, 'alerts-editor-backtest-7d.png') })
  })

  it('an edit marks the backtest as out of date; saving adds the rule, edit and delete work', async () => {
    await page.getByTestId('rule-threshold').fill('89')
    await expect.poll(() => page.getByTestId('backtest-summary').textContent()).toMatch(/before your last edit/)
    await page.getByTestId('run-backtest').click()
    // Only the 90 °C spike is above 89.
    await expect.poll(() => page.getByTestId('backtest-summary').textContent(), { timeout: 30_000 }).toMatch(/once in the last 24 h and\s+once in the last 7 d/)
    await page.getByTestId('save-rule').click()
    await expect.poll(() => page.getByTestId('rule-editor').count()).toBe(0)
    const row = page.getByTestId('rule-row-gpu-spike')
    await expect.poll(() => row.textContent()).toContain('> 89')
    await row.getByRole('button', { name: 'Edit gpu-spike' }).click()
    expect(await page.getByTestId('rule-threshold').inputValue()).toBe('89')
    expect(await page.getByTestId('rule-name').getAttribute('readonly')).not.toBeNull()
    await page.getByTestId('rule-severity').selectOption('critical')
    await page.getByTestId('save-rule').click()
    await expect.poll(() => row.locator('.sev').textContent()).toBe('critical')
    const saved = (YAML.parse(fs.readFileSync(path.join(served.dataDir, 'rules.yaml'), 'utf8')) as { rules: Array<Record<string, unknown>> }).rules
    expect(saved.find((r) => r.name === 'gpu-spike')).toMatchObject({ metric: 'gpu.0.temp', op: '>', threshold: 89, severity: 'critical', for: '0s' })
    await row.getByRole('button', { name: 'Delete gpu-spike' }).click()
    await expect.poll(() => row.count()).toBe(0)
    expect(fs.readFileSync(path.join(served.dataDir, 'rules.yaml'), 'utf8')).not.toContain('gpu-spike')
  })

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
