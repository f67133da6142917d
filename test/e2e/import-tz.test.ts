// Import with a broker time zone from the Symbols view: the zone field goes with the upload, the
// outcome and the watchlist show the zone, and the engine remembers it for the symbol's next import.
// (That the times shift by the zone's offset is proven at the API: test/integration/scanner/import-tz.test.ts.)
import { describe, expect, it } from 'vitest'
import { openDashboard, screenshot } from './setup.ts'

const HOUR = 3_600_000
/** 36 hourly candles in wall-clock time without a zone, as a MetaTrader export writes them. */
const WALL_CSV = ['time,open,high,low,close']
  .concat(Array.from({ length: 36 }, (_, i) => {
    const d = new Date(Date.UTC(2024, 0, 15) + i * HOUR).toISOString().slice(0, 19).replace('T', ' ')
    const p = 1.1 + Math.sin(i / 2) * 0.004 + (i % 5 === 0 ? 0.006 : 0)
    return `${d},${p.toFixed(5)},${(p + 0.003).toFixed(5)},${(p - 0.003).toFixed(5)},${(p + 0.001).toFixed(5)}`
  }))
  .join('\n')

describe('Import CSV with a time zone', () => {
  const dash = openDashboard('#symbols', ['--interval', '1s'])

  it('reads the times in the zone given, shows it, and remembers it for the next import', async () => {
    const page = dash.page
    await page.getByTestId('import-tz').fill('Europe/Athens')
    await page.getByTestId('csv-input').setInputFiles({ name: 'BROKER.csv', mimeType: 'text/csv', buffer: Buffer.from(WALL_CSV) })
    const ok = page.getByTestId('import-ok')
    await expect.poll(() => ok.count(), { timeout: 30_000 }).toBe(1)
    expect(await ok.textContent()).toMatch(/Imported BROKER: 36 rows \(.*1h, times in Europe\/Athens\); [\d,]+ FVGs found/)
    const badge = page.getByTestId('wl-tz-BROKER')
    await expect.poll(() => badge.count(), { timeout: 30_000 }).toBe(1)
    expect(await badge.textContent()).toBe('Europe/Athens')
    await screenshot(page, 'symbols-import-tz')

    // An empty field: the symbol's remembered zone applies.
    await page.getByTestId('import-tz').fill('')
    await page.getByTestId('csv-input').setInputFiles({ name: 'BROKER.csv', mimeType: 'text/csv', buffer: Buffer.from(WALL_CSV) })
    await expect.poll(() => ok.count(), { timeout: 30_000 }).toBe(2)
    expect(await ok.first().textContent()).toContain('times in Europe/Athens')
  }, 90_000)
})
