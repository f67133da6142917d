// A real Prometheus (Debian's `prometheus` package; .ci/run installs it) for integration tests: free
// port, temp storage, a scrape config written by the test, killed and its directory removed after.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { stringify } from 'yaml'
import { tempDir } from '../../helpers/temp.ts'

/** A port nothing listens on now (the OS picks it; released before the caller binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface ScrapeJob {
  job_name: string
  scrape_interval?: string
  static_configs: Array<{ targets: string[] }>
  authorization?: { type?: string; credentials: string }
}

export interface PrometheusServer {
  url: string
  /** Evaluates an instant PromQL query; throws on an error answer. */
  query(expr: string, time?: number): Promise<PromResult[]>
  log(): string
  stop(): Promise<void>
}

export interface PromResult {
  metric: Record<string, string>
  value?: [number, string]
  values?: Array<[number, string]>
}

export async function startPrometheus(jobs: ScrapeJob[]): Promise<PrometheusServer> {
  const dir = tempDir('gw-prometheus-')
  const config = path.join(dir, 'prometheus.yml')
  fs.writeFileSync(config, stringify({ global: { scrape_interval: '1s', scrape_timeout: '1s' }, scrape_configs: jobs }))
  const port = await freePort()
  const child: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let log = ''
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', (e) => reject(new Error(`prometheus is not runnable (${e.message}): install Debian's prometheus package (.ci/run does)`)))
  })
  await spawned
  const url = `http://127.0.0.1:${port}`
  const server: PrometheusServer = {
    url,
    log: () => log,
    async query(expr, time) {
      const q = new URLSearchParams({ query: expr })
      if (time !== undefined) q.set('time', String(time))
      const res = await fetch(`${url}/api/v1/query?${q}`)
      const body = (await res.json()) as { status: string; error?: string; data: { result: PromResult[] } }
      if (body.status !== 'success') throw new Error(`PromQL ${expr}: ${body.error}`)
      return body.data.result
    },
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
  return server
}
