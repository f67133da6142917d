// node bench/dashboard.ts [--seconds 60] — the dashboard's own costs, in a real Chromium against
// `gapwatch serve` at 1 Hz:
//   · sample→paint latency p50/p95 (window.__gapwatchLatency: sample timestamp → the frame after
//     the charts took it), targets p95 ≤ 50 ms;
//   · the renderer's CPU with the Overview open, as % of one core: the main thread's busy time
//     (CDP Performance.getMetrics TaskDuration) and the whole renderer process (CDP
//     SystemInfo.getProcessInfo), target ≤ 5 %;
//   · the History 7 d range switch, click → charts drawn (window.__gapwatchHistoryDrawn), median of
//     5, target ≤ 300 ms, over a data directory seeded with 7 days of history.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { CDPSession, Page } from 'playwright-core'
import { openDatabase } from '../electron/engine/store/database.ts'
import { MetricStore } from '../electron/engine/store/metric-store.ts'
import { percentile } from '../shared/format.ts'
import { startServe, tempDir } from '../test/helpers/serve.ts'
import { ensureBuilt, launchBrowser } from '../test/e2e/setup.ts'
import { median } from './stats.ts'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, keep: { type: 'boolean', default: false } } })
const seconds = Number(values.seconds)
if (!Number.isFinite(seconds) || seconds < 5) throw new Error('--seconds must be at least 5')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Seven days of the History view's default metrics, one point every 10 s, ending a minute ago. */
function seedHistory(dataDir: string): { rows: number; ms: number } {
  const t0 = performance.now()
  const db = openDatabase(path.join(dataDir, 'gapwatch.db'))
  const store = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 } })
  const end = Date.now() - 60_000
  const start = end - 7 * 86_400_000
  let rows = 0
  for (let t = start; t < end; t += 10_000) {
    const day = Math.sin((t / 86_400_000) * 2 * Math.PI)
    const spike = Math.random() < 0.002 ? 60 : 0
    store.append(t, [
      ['cpu.total', Math.min(100, 20 + 15 * day + Math.random() * 10 + spike)],
      ['mem.used', 6e9 + 1e9 * day + Math.random() * 2e8],
      ['disk.read_bps', Math.random() * 2e6 + (spike ? 5e7 : 0)],
      ['disk.write_bps', Math.random() * 4e6],
      ['net.rx_bps', 1e5 + Math.random() * 5e4 + 4e4 * day],
      ['net.tx_bps', 5e4 + Math.random() * 2e4],
    ])
    rows += 6
    if (store.buffered >= 500) store.flush()
  }
  store.flush()
  db.close()
  return { rows, ms: performance.now() - t0 }
}

interface ProcessInfo {
  type: string
  id: number
  cpuTime: number
}

async function processCpu(browserCdp: CDPSession): Promise<Map<string, number>> {
  const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] }
  const byType = new Map<string, number>()
  for (const p of processInfo) byType.set(p.type, (byType.get(p.type) ?? 0) + p.cpuTime)
  return byType
}

async function taskDuration(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN
}

interface Drawn {
  seq: number
  range: string
  tier: string
  ms: number
  points: number
}

async function waitDrawn(page: Page, range: string, after: number): Promise<Drawn> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const d = await page.evaluate<Drawn | null>('window.__gapwatchHistoryDrawn ?? null')
    if (d && d.seq > after && d.range === range) return d
    if (Date.now() > deadline) throw new Error(`History ${range} was not drawn within 30 s`)
    await sleep(20)
  }
}

await ensureBuilt()
const dataDir = tempDir('gw-bench-dashboard-')
const seeded = seedHistory(dataDir)
console.log(`seeded 7 days of history: ${seeded.rows.toLocaleString('en-US')} rows in ${(seeded.ms / 1000).toFixed(1)} s`)
const served = await startServe(['--interval', '1s'], dataDir)
const browser = await launchBrowser()
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable')
  const browserCdp = await browser.newBrowserCDPSession()

  // 1. Overview at 1 Hz: latency and CPU, after a 5 s warm-up (page load, first history fill).
  await page.goto(`${served.url}/#overview`)
  await page.getByTestId('cpu-value').waitFor()
  await sleep(5000)
  await page.evaluate('window.__gapwatchLatency.splice(0)')
  const task0 = await taskDuration(cdp)
  const proc0 = await processCpu(browserCdp)
  const wall0 = performance.now()
  await sleep(seconds * 1000)
  const wall = (performance.now() - wall0) / 1000
  const task = (await taskDuration(cdp)) - task0
  const proc1 = await processCpu(browserCdp)
  const latency = await page.evaluate<number[]>('window.__gapwatchLatency.slice()')
  const share = (type: string) => (((proc1.get(type) ?? 0) - (proc0.get(type) ?? 0)) / wall) * 100

  console.log(`\nOverview open for ${wall.toFixed(0)} s at 1 Hz (${latency.length} samples painted)`)
  console.log(
    `  sample→paint latency: p50 ${percentile(latency, 50).toFixed(1)} ms, p95 ${percentile(latency, 95).toFixed(1)} ms, max ${Math.max(...latency).toFixed(1)} ms (target p95 ≤ 50 ms)`,
  )
  console.log(`  renderer main thread (TaskDuration): ${((task / wall) * 100).toFixed(2)} % of one core (target ≤ 5 %)`)
  console.log(`  renderer process, all threads:       ${share('renderer').toFixed(2)} % of one core`)
  const others = [...proc1.keys()].filter((t) => t !== 'renderer').map((t) => `${t} ${share(t).toFixed(2)} %`)
  console.log(`  for context, Chromium's other processes: ${others.join(', ')}`)

  // 2. History: 1 h → 7 d, five times; click → the frame after the charts were drawn.
  await page.goto(`${served.url}/#history`)
  let last = (await waitDrawn(page, '1h', 0)).seq
  const runs: Drawn[] = []
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('range-1h').click()
    last = (await waitDrawn(page, '1h', last)).seq
    await page.getByTestId('range-7d').click()
    const d = await waitDrawn(page, '7d', last)
    last = d.seq
    runs.push(d)
  }
  const times = runs.map((r) => r.ms)
  console.log(`\nHistory 1 h → 7 d, ${runs.length} runs (tier ${runs[0].tier}, ${runs[0].points} points × 6 metrics, min–max bands)`)
  console.log(`  click → drawn: median ${median(times).toFixed(1)} ms, runs ${times.map((t) => t.toFixed(0)).join(' / ')} ms (target ≤ 300 ms)`)
} finally {
  await browser.close()
  await served.stop()
  if (!values.keep) fs.rmSync(dataDir, { recursive: true, force: true })
}
