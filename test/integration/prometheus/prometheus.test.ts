// A real Prometheus scrapes a real `gapwatch serve` (1 s sampling, 1 s scrapes) and what PromQL says
// about CPU and memory over the last minute agrees with /api/query for the same window.
import { afterEach, describe, expect, it } from 'vitest'
import type { QueryResult } from '../../../shared/contract.ts'
import { resolveMetric } from '../../../shared/metrics.ts'
import { startServe, type Served } from '../../helpers/serve.ts'
import { startPrometheus, type PrometheusServer } from './prometheus-server.ts'

const running: Array<{ stop(): Promise<unknown> }> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()))
})

const TOKEN = 'prometheus-scrape-token-0123456789'
const hostOf = (url: string): string => new URL(url).host

async function up(prom: PrometheusServer, job: string): Promise<string | undefined> {
  const r = await prom.query(`up{job="${job}"}`)
  return r[0]?.value?.[1]
}

async function apiQuery(served: Served, metrics: string[], from: number, to: number, points: number, headers: Record<string, string> = {}): Promise<QueryResult> {
  const res = await fetch(`${served.url}/api/query?metrics=${metrics.join(',')}&from=${from}&to=${to}&points=${points}`, { headers })
  expect(res.status).toBe(200)
  return (await res.json()) as QueryResult
}

describe('a real Prometheus scraping gapwatch serve', () => {
  it('waits for up == 1, then PromQL over the last minute agrees with /api/query for the same window', async () => {
    const served = await startServe(['--interval', '1s'])
    running.push(served)
    const prom = await startPrometheus([{ job_name: 'gapwatch', static_configs: [{ targets: [hostOf(served.url)] }] }])
    running.push(prom)
    await expect.poll(() => up(prom, 'gapwatch'), { timeout: 30_000, interval: 250 }).toBe('1')
    // 30 scrapes: enough samples that the edges of the window weigh little in the average
    await expect
      .poll(async () => Number((await prom.query('count_over_time(gapwatch_cpu_busy_ratio[1m])'))[0]?.value?.[1] ?? 0), { timeout: 90_000, interval: 500 })
      .toBeGreaterThanOrEqual(30)

    const at = Date.now() / 1000
    for (const metric of ['cpu.total', 'mem.used']) {
      const { def } = resolveMetric(metric)!
      const scale = def.prom.scale ?? 1
      const [scraped] = await prom.query(`${def.prom.name}[1m]`, at)
      const values = scraped.values!.map(([, v]) => Number(v))
      // Every scraped value is one the engine stored: a scrape reads the latest sample. The window
      // starts one interval earlier, as a scrape just inside it can read a sample from just before.
      const stored = await apiQuery(served, [metric], at * 1000 - 62_000, at * 1000, 10_000)
      const storedValues = stored.series[0].buckets.flatMap(([, min, max]) => [min * scale, max * scale])
      for (const v of values) expect(storedValues.some((s) => Math.abs(s - v) <= 1e-12 * Math.max(1, Math.abs(v))), `${metric} ${v}`).toBe(true)

      // The averages over the same minute agree within tolerance: the two sample sets are the same
      // but for the window's edges (a sample each side) and the few a late scrape reads twice or
      // skips on a busy machine; 6 differing samples move an average of n by at most 6·spread/n.
      const whole = await apiQuery(served, [metric], at * 1000 - 60_000, at * 1000, 1)
      const [, min, max, avg] = whole.series[0].buckets[0]
      const [promAvg] = await prom.query(`avg_over_time(${def.prom.name}[1m])`, at)
      const tolerance = (6 * (max - min) * scale) / values.length + 1e-9 * Math.abs(avg * scale)
      expect(Math.abs(Number(promAvg.value![1]) - avg * scale), metric).toBeLessThanOrEqual(tolerance)
      const [promMax] = await prom.query(`max_over_time(${def.prom.name}[1m])`, at)
      expect(Number(promMax.value![1])).toBeLessThanOrEqual(max * scale * (1 + 1e-12))
    }
  }, 150_000)

  it('scrapes an engine started with --token using authorization credentials, and a scrape without them is refused', async () => {
    const served = await startServe(['--interval', '1s', '--token', TOKEN])
    running.push(served)
    const target = { static_configs: [{ targets: [hostOf(served.url)] }] }
    const prom = await startPrometheus([
      { job_name: 'with-token', authorization: { credentials: TOKEN }, ...target },
      { job_name: 'no-token', ...target },
    ])
    running.push(prom)
    await expect.poll(() => up(prom, 'with-token'), { timeout: 30_000, interval: 250 }).toBe('1')
    await expect.poll(() => up(prom, 'no-token'), { timeout: 30_000, interval: 250 }).toBe('0')
    await expect
      .poll(async () => (await prom.query('gapwatch_memory_used_bytes')).map((r) => r.metric.job), { timeout: 30_000, interval: 250 })
      .toEqual(['with-token'])
  }, 90_000)
})
