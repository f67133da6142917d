import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import Database from 'better-sqlite3'
import { SampleSchema, type Sample } from '../../../shared/sample.ts'
import { HealthSchema, QueryResultSchema } from '../../../shared/contract.ts'
import { InventorySchema } from '../../../shared/inventory.ts'
import { runToEnd, startServe, tempDir, type Served } from '../../helpers/serve.ts'
import { fakeNvidiaSmi } from '../../helpers/gpu.ts'

/** Samples from the WebSocket until `count` arrived, or (with `until`) until one satisfies it. */
function collectSamples(url: string, count: number, headers: Record<string, string> = {}, until?: (s: Sample) => boolean): Promise<Sample[]> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`, { headers })
  const samples: Sample[] = []
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${samples.length} samples arrived`)), 15_000)
    ws.on('error', reject)
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { event?: string; data?: unknown }
      if (msg.event !== 'sample') return
      const sample = SampleSchema.parse(msg.data)
      samples.push(sample)
      if (until ? until(sample) : samples.length === count) {
        clearTimeout(timer)
        ws.close()
        resolve(samples)
      }
    })
  })
}

describe('gapwatch serve on loopback', () => {
  let served: Served
  beforeAll(async () => {
    served = await startServe(['--interval', '250ms'])
  })
  afterAll(async () => {
    await served.stop()
  })

  it('answers health and inventory', async () => {
    const health = HealthSchema.parse(await (await fetch(`${served.url}/api/health`)).json())
    expect(health.ok).toBe(true)
    expect(health.dataDir).toBe(served.dataDir)
    const inv = InventorySchema.parse(await (await fetch(`${served.url}/api/inventory`)).json())
    expect(inv.cpu.logicalCores).toBeGreaterThan(0)
    expect(inv.gpuAvailable).toBe(false) // startServe names a missing nvidia-smi: no GPU, whatever the host has
    expect(inv.gpuReason).toMatch(/not found/)
  })

  it('pushes live samples over the WebSocket, in order and at the set interval', async () => {
    const samples = await collectSamples(served.url, 6)
    // Ticks sit on a 250 ms grid and carry the time they ran: a tick delayed by a busy machine is
    // followed by one on time, so single gaps vary; never back-to-back, and 250 ms in the median.
    const gaps = samples.slice(1).map((s, i) => s.t - samples[i].t)
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(125)
      expect(gap).toBeLessThan(1000)
    }
    const median = [...gaps].sort((a, b) => a - b)[gaps.length >> 1]
    expect(median).toBeGreaterThanOrEqual(200)
    expect(median).toBeLessThanOrEqual(300)
    const last = samples.at(-1)!
    expect(last.memory.totalBytes).toBeGreaterThan(0)
    expect(last.cpu.total).toBeGreaterThanOrEqual(0)
    expect(last.cpu.total).toBeLessThanOrEqual(100)
  })

  it('answers commands over the WebSocket and rejects bad ones with the field named', async () => {
    const ws = new WebSocket(`${served.url.replace('http', 'ws')}/api/stream`)
    await new Promise((r) => ws.once('open', r))
    const replies = new Map<number, { ok: boolean; result?: unknown; error?: string }>()
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString()) as { id?: number; ok: boolean }
      if (typeof m.id === 'number') replies.set(m.id, m)
    })
    ws.send(JSON.stringify({ id: 1, command: 'getSettings', params: {} }))
    ws.send(JSON.stringify({ id: 2, command: 'setSettings', params: { sampleIntervalMs: 5 } }))
    ws.send(JSON.stringify({ id: 3, command: 'dropTables', params: {} }))
    ws.send('not json')
    ws.send(JSON.stringify({ id: 4, command: 'snapshot' }))
    await expect.poll(() => replies.size, { timeout: 5000 }).toBe(4)
    // The process list is sampled on the first tick and kept for pages that open later.
    const snap = replies.get(4)!.result as { processes: { total: number } | null; filesystems: unknown[] | null }
    expect(snap.processes?.total).toBeGreaterThan(0)
    expect(snap.filesystems?.length).toBeGreaterThan(0)
    expect(replies.get(1)!.ok).toBe(true)
    expect(replies.get(2)).toMatchObject({ ok: false, error: expect.stringMatching(/sampleIntervalMs/) })
    expect(replies.get(3)).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown command "dropTables"/) })
    ws.close()
  })

  it('serves stored history through /api/query with min/max/avg buckets', async () => {
    const from = Date.now() - 60_000
    const query = async () => {
      const res = await fetch(`${served.url}/api/query?metrics=cpu.total,mem.used&from=${from}&to=${Date.now()}&points=100`)
      expect(res.status).toBe(200)
      return QueryResultSchema.parse(await res.json())
    }
    // History fills as the engine samples and flushes: wait for it rather than for a fixed time.
    await expect.poll(async () => (await query()).series[1]?.buckets.length ?? 0, { timeout: 15_000 }).toBeGreaterThan(2)
    const q = await query()
    expect(q.tier).toBe('raw')
    expect(q.series.map((s) => s.metric)).toEqual(['cpu.total', 'mem.used'])
    expect(q.series[1].buckets.length).toBeGreaterThan(2)
    for (const [, min, max, avg] of q.series[1].buckets) {
      expect(min).toBeLessThanOrEqual(avg)
      expect(avg).toBeLessThanOrEqual(max)
    }
    const bad = await fetch(`${served.url}/api/query?metrics=&from=abc`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toMatch(/metrics|from/)
  })

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${served.url}/metrics`)).text()
    expect(text).toMatch(/^gapwatch_cpu_busy_ratio \d/m)
    expect(text).toMatch(/^gapwatch_memory_used_bytes \d/m)
    expect(text).toMatch(/^gapwatch_engine_resident_memory_bytes \d/m)
    expect(text).toMatch(/^# TYPE gapwatch_cpu_busy_ratio gauge$/m)
    expect(text).toMatch(/^gapwatch_engine_event_loop_delay_p99_seconds \d/m)
  })

  it("reports the engine thread's event-loop delay in /api/health too, once a sample is in (issue 13)", async () => {
    const health = async () => HealthSchema.parse(await (await fetch(`${served.url}/api/health`)).json())
    await expect.poll(async () => (await health()).engine, { timeout: 30_000 }).not.toBeNull()
    const d = (await health()).engine!.eventLoopDelay
    for (const v of [d.p50Ms, d.p99Ms, d.maxMs]) expect(Number.isFinite(v) && v >= 0).toBe(true)
    expect(d.p50Ms).toBeLessThanOrEqual(d.p99Ms)
    expect(d.p99Ms).toBeLessThanOrEqual(d.maxMs)
  })

  it('refuses a second instance on the same data directory with a clear message', async () => {
    const second = await runToEnd(['serve', '--port', '0', '--data-dir', served.dataDir])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/already using the data directory/)
  })
})

describe('gapwatch serve on a machine with an NVIDIA GPU', () => {
  let served: Served
  beforeAll(async () => {
    served = await startServe(['--interval', '250ms'], undefined, { GAPWATCH_NVIDIA_SMI: fakeNvidiaSmi('one-gpu.csv') })
  })
  afterAll(async () => {
    await served.stop()
  })

  it('lists the GPU in the inventory and health', async () => {
    const inv = InventorySchema.parse(await (await fetch(`${served.url}/api/inventory`)).json())
    expect(inv.gpuAvailable).toBe(true)
    expect(inv.gpuReason).toBeNull()
    expect(inv.gpus).toEqual([{ index: 0, vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', memoryTotalBytes: 24564 * 1024 * 1024, source: 'nvidia-smi' }])
    expect(HealthSchema.parse(await (await fetch(`${served.url}/api/health`)).json()).gpuAvailable).toBe(true)
  })

  it('pushes samples that carry the GPU over the WebSocket, and its metrics to /metrics', async () => {
    const samples = await collectSamples(served.url, 0, {}, (s) => s.gpus.length > 0)
    const gpu = samples.at(-1)!.gpus
    expect(gpu).toHaveLength(1)
    expect(gpu[0]).toMatchObject({ index: 0, name: 'NVIDIA GeForce RTX 4090', memoryTotalBytes: 24564 * 1024 * 1024 })
    expect([37, 41, 3]).toContain(gpu[0].utilization) // the fixture's recorded loops
    await expect.poll(async () => (await (await fetch(`${served.url}/metrics`)).text()), { timeout: 10_000 }).toMatch(/^gapwatch_gpu_utilization_ratio\{gpu="0"\} \d/m)
  })
})

describe('gapwatch serve off loopback', () => {
  const TOKEN = 's3cret-token-for-tests'
  it('refuses to bind a public address without a token', async () => {
    const r = await runToEnd(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', tempDir()])
    expect(r.code).toBe(2) // a usage error, as every other refused flag
    expect(r.stderr).toMatch(/without a token/)
  })

  it('answers 401 to every request without the token', async () => {
    const served = await startServe(['--host', '0.0.0.0', '--interval', '250ms'], tempDir(), { GAPWATCH_TOKEN: TOKEN })
    try {
      // The server binds all interfaces; the test only talks to it over loopback.
      const url = served.url.replace('0.0.0.0', '127.0.0.1')
      expect((await fetch(`${url}/api/health`)).status).toBe(401)
      expect((await fetch(`${url}/metrics`)).status).toBe(401)
      expect((await fetch(`${url}/api/health`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
      expect((await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
      // The login page's route: a wrong token gets 401, the right one an HttpOnly session cookie that works.
      const post = (body: string) => fetch(`${url}/api/login`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
      expect((await post('{"token":"nope"}')).status).toBe(401)
      expect((await post('not json')).status).toBe(400)
      const ok = await post(JSON.stringify({ token: TOKEN }))
      expect(ok.status).toBe(204)
      const cookie = ok.headers.get('set-cookie')!
      // The cookie carries a random session id, never the token.
      expect(cookie).toMatch(/^gapwatch_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/)
      expect(cookie).not.toContain(TOKEN)
      expect((await fetch(`${url}/api/health`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200)
      await expect(collectSamples(url, 1)).rejects.toThrow(/401/)
      expect((await collectSamples(url, 2, { authorization: `Bearer ${TOKEN}` })).length).toBe(2)
    } finally {
      await served.stop()
    }
  })
})

describe('gapwatch serve lifecycle', () => {
  it('flushes history and exits 0 on SIGTERM', async () => {
    const served = await startServe(['--interval', '250ms'])
    await collectSamples(served.url, 4)
    expect(await served.stop('SIGTERM')).toBe(0)
    const db = new Database(path.join(served.dataDir, 'gapwatch.db'), { readonly: true })
    const n = db.prepare("SELECT sum(n) AS n FROM raw_block WHERE metric_id = (SELECT id FROM metric WHERE name = 'cpu.total')").get() as { n: number }
    expect(n.n).toBeGreaterThanOrEqual(4)
    db.close()
    expect(fs.existsSync(path.join(served.dataDir, 'gapwatch.lock'))).toBe(false)
  })

  it('recovers from a corrupt database file: moves it aside, warns, and runs', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'gapwatch.db'), 'garbage '.repeat(1000))
    const served = await startServe(['--interval', '250ms'], dir)
    try {
      expect(served.stderr()).toMatch(/damaged.*moved to/)
      expect(fs.readdirSync(dir).some((f) => f.startsWith('gapwatch.db.corrupt-'))).toBe(true)
      expect((await fetch(`${served.url}/api/health`)).status).toBe(200)
    } finally {
      await served.stop()
    }
  })
})
