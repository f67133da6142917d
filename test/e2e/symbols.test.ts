// Symbols: the EURUSD zones are listed and drawn; a CSV import with a bad cell shows the engine's
// error naming the file and the line.
import { describe, expect, it } from 'vitest'
import { openDashboard, screenshot } from './setup.ts'

const GOOD_CSV = ['timestamp,open,high,low,close,volume']
  .concat(
    Array.from({ length: 60 }, (_, i) => {
      const t = Date.UTC(2024, 0, 1) + i * 3_600_000
      const base = 1.1 + Math.sin(i / 3) * 0.01 + (i % 7 === 0 ? 0.02 : 0)
      return `${t},${base.toFixed(5)},${(base + 0.004).toFixed(5)},${(base - 0.004).toFixed(5)},${(base + 0.001).toFixed(5)},100`
    }),
  )
  .join('\n')

const BAD_CSV = ['timestamp,open,high,low,close', '1704067200000,1.1,1.2,1.0,1.15', '1704070800000,1.15,abc,1.1,1.12', '1704074400000,1.12,1.2,1.1,1.18'].join('\n')

describe('Symbols', () => {
  const dash = openDashboard('#symbols', ['--interval', '1s'])

  it('lists EURUSD with its open zones sorted by distance and draws the candles', async () => {
    const eurusd = dash.page.getByTestId('wl-EURUSD')
    await expect.poll(() => eurusd.count(), { timeout: 15_000 }).toBe(1)
    // The first-run scan stores the zones; the view reloads when it finishes.
    await expect.poll(() => dash.page.getByTestId('zone-row').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await eurusd.getByRole('button', { name: 'EURUSD' }).click()
    expect(await dash.page.getByTestId('symbol-detail').locator('h2').textContent()).toContain('EURUSD')
    const distances = await dash.page.getByTestId('zone-row').evaluateAll((rows) =>
      rows.map((r) => {
        const cell = r.children[5]?.textContent ?? ''
        return cell.startsWith('inside') ? 0 : Number.parseFloat(cell)
      }),
    )
    expect(distances.length).toBeGreaterThan(0)
    expect([...distances].sort((a, b) => a - b)).toEqual(distances)
    expect(await dash.page.getByTestId('candles').locator('canvas').count()).toBe(1)
    // the requests settle (no refetch loop): the header stops saying loading
    await expect.poll(() => dash.page.getByTestId('symbol-detail').locator('header').textContent(), { timeout: 15_000 }).not.toContain('loading…')
    await dash.page.waitForTimeout(300)
    await screenshot(dash.page, 'symbols-eurusd')
  }, 60_000)

  it("prints each symbol's prices with its own precision in every column", async () => {
    const lastClose = async (symbol: string) => (await dash.page.getByTestId(`wl-${symbol}`).locator('td').nth(3).textContent()) ?? ''
    // 5 decimals for EURUSD, 2 for gold, 3 for yen pairs: derived from each symbol's quotes
    await expect.poll(() => lastClose('EURUSD'), { timeout: 15_000 }).toMatch(/^\d\.\d{5}$/)
    await expect.poll(() => lastClose('XAUUSD')).toMatch(/^\d{4}\.\d{2}$/)
    await expect.poll(() => lastClose('USDJPY')).toMatch(/^\d{3}\.\d{3}$/)
    await expect.poll(() => lastClose('BTCUSD')).toMatch(/^\d{5}\.\d{2}$/)
    // the open zones of EURUSD: bottom, top, height and distance all with 5 decimals
    await dash.page.getByTestId('wl-EURUSD').getByRole('button', { name: 'EURUSD' }).click()
    await expect.poll(() => dash.page.getByTestId('zone-row').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    const cells = await dash.page.getByTestId('zone-row').first().locator('td').allTextContents()
    for (const cell of cells.slice(2, 5)) expect(cell).toMatch(/^\d\.\d{5}$/)
    expect(cells[5]).toMatch(/^(inside|\d\.\d{5}) /)
    // gold's zones with 2 decimals
    await dash.page.getByTestId('wl-XAUUSD').getByRole('button', { name: 'XAUUSD' }).click()
    await expect.poll(() => dash.page.getByTestId('symbol-detail').locator('h2').textContent()).toContain('XAUUSD')
    await expect.poll(async () => (await dash.page.getByTestId('zone-row').first().locator('td').nth(2).textContent()) ?? '', { timeout: 15_000 }).toMatch(/^\d{4}\.\d{2}$/)
    await dash.page.waitForTimeout(300)
    await screenshot(dash.page, 'symbols-xauusd')
  }, 60_000)

  it('replays a symbol live: the events appear in "Live FVG events", and stop ends it', async () => {
    const feed = dash.page.getByTestId('fvg-feed')
    expect(await feed.textContent()).toContain('None yet')
    await feed.getByLabel('Replay symbol').selectOption('EURUSD')
    await feed.getByLabel('Replay speed').selectOption('1000')
    await feed.getByTestId('replay-toggle').click()
    await expect.poll(() => feed.getByTestId('replay-status').textContent(), { timeout: 10_000 }).toMatch(/replaying EURUSD 15m .* at 1000 candles\/s/)
    await expect.poll(() => feed.getByTestId('fvg-events').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(2)
    const first = (await feed.getByTestId('fvg-events').locator('li').first().textContent()) ?? ''
    expect(first).toMatch(/EURUSD 15m (▲ bullish|▼ bearish) (created|merged|mitigated) \d\.\d{5}–\d\.\d{5}/)
    // a mitigation is dated at the candle that reached the zone: the list (newest first) reads in
    // market order, never a zone's formation months back between this week's events
    const times = (await feed.getByTestId('fvg-events').locator('li').evaluateAll((li) => li.map((l) => Number(l.getAttribute('data-time')))))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    await screenshot(dash.page, 'symbols-replay')
    await feed.getByTestId('replay-toggle').click()
    await expect.poll(() => feed.getByTestId('replay-status').count()).toBe(0)
    // the engine's replayEnded says how it ended: stopped part-way
    await expect.poll(() => feed.getByTestId('replay-ended').getAttribute('data-reason')).toBe('stopped')
    expect(await feed.getByTestId('replay-ended').textContent()).toMatch(/^Replay of EURUSD 15m stopped after [\d,\u202f]+ of [\d,\u202f]+ candles\.$/)
    expect(await feed.getByTestId('replay-toggle').textContent()).toContain('Replay again')
    // stopped: no more events arrive
    const received = await feed.locator('header .sub').textContent()
    await dash.page.waitForTimeout(500)
    expect(await feed.locator('header .sub').textContent()).toBe(received)
  }, 60_000)

  it('shows a bad CSV file error with its file name and line', async () => {
    await dash.page.getByTestId('csv-input').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) })
    const error = dash.page.getByTestId('import-error')
    await expect.poll(() => error.count(), { timeout: 10_000 }).toBe(1)
    const text = (await error.textContent()) ?? ''
    expect(text).toContain('bad.csv:3')
    expect(text.toLowerCase()).toContain('high')
    await screenshot(dash.page, 'symbols-bad-csv')
  })

  it('imports a good CSV dropped on the page and lists it', async () => {
    // A real drop: a DataTransfer carrying the file, dispatched on the drop zone.
    await dash.page.evaluate(
      `((csv) => {
        const dt = new DataTransfer()
        dt.items.add(new File([csv], 'TESTFX.csv', { type: 'text/csv' }))
        const zone = document.querySelector('[data-testid=drop-zone]')
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }))
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
      })(${JSON.stringify(GOOD_CSV)})`,
    )
    await expect.poll(() => dash.page.getByTestId('import-ok').count(), { timeout: 10_000 }).toBe(1)
    expect(await dash.page.getByTestId('import-ok').textContent()).toContain('Imported TESTFX: 60 rows')
    await expect.poll(() => dash.page.getByTestId('wl-TESTFX').count(), { timeout: 15_000 }).toBe(1)
    // A replay of its 60 candles runs out: the engine says so (replayEnded), the control shows it
    // ended and offers to replay again, which starts a new replay that ends the same way.
    const feed = dash.page.getByTestId('fvg-feed')
    await feed.getByLabel('Replay symbol').selectOption('TESTFX')
    await feed.getByLabel('Replay speed').selectOption('1000')
    const ended = feed.getByTestId('replay-ended')
    const currentId = async () => ((await ended.count()) ? await ended.getAttribute('data-replay-id') : null)
    // the note the earlier test's stopped replay left
    const ids = [await currentId()]
    for (const round of [1, 2]) {
      await feed.getByTestId('replay-toggle').click()
      // each round is a new replay (a new id), not the first one's note left standing
      const prev = ids.at(-1)
      await expect.poll(async () => ((await currentId()) ?? prev) !== prev, { timeout: 30_000 }).toBe(true)
      ids.push(await currentId())
      expect(await ended.textContent()).toBe('Replay of TESTFX 1h ended: all 60 candles fed.')
      expect(await ended.getAttribute('data-reason')).toBe('end')
      expect(await feed.getByTestId('replay-status').count()).toBe(0)
      expect(await feed.getByTestId('replay-toggle').textContent()).toContain('Replay again')
      if (round === 1) await screenshot(dash.page, 'symbols-replay-ended')
    }
  })
})
