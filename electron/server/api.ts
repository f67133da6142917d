// The read-only HTTP API: health, inventory, history queries and Prometheus /metrics.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Telemetry } from '../../shared/contract.ts'
import type { Alert } from '../../shared/alerts.ts'
import type { PoolStatus } from '../../shared/scanner.ts'
import type { Engine } from '../engine/engine.ts'
import { METRIC_LIST_SEPARATOR } from '../../shared/metrics.ts'
import { EXPOSITION_CONTENT_TYPE, renderPrometheus } from '../engine/metrics/prometheus.ts'
import { send } from './reply.ts'
import { reportRoute, storedReportRoute } from './report-route.ts'

export interface Api {
  /** Answers a GET route it knows and returns true; false for any other path. */
  route(url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean>
  close(): void
}

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/

/** The paths route() answers, each with its handler below (a Record over them: none can be missing). */
const READ_PATHS = ['/api/health', '/api/inventory', '/api/query', '/api/report', '/metrics'] as const
type ReadPath = (typeof READ_PATHS)[number]
/** Stored reports: /api/reports/NAME. */
export const API_REPORTS_PREFIX = '/api/reports/'

/** The paths route() answers (and API_REPORTS_PREFIX + NAME): for logs that name a path without taking any a client makes up. */
export const API_READ_PATHS: ReadonlySet<string> = new Set(READ_PATHS)

export function createApi(engine: Engine): Api {
  let self: Telemetry | null = null
  const offs = [engine.on('telemetry', (t) => (self = t))]

  async function query(url: URL, res: ServerResponse): Promise<void> {
    const numbers: Record<string, number | undefined> = {}
    for (const name of ['from', 'to', 'points']) {
      const v = url.searchParams.get(name)
      if (v === null || v === '') continue
      if (!NUMBER.test(v)) return send(res, 400, { error: `${name}: "${v.slice(0, 40)}" is not a number.` })
      numbers[name] = Number(v)
    }
    const to = numbers.to ?? Date.now()
    const params = {
      metrics: (url.searchParams.get('metrics') ?? '').split(METRIC_LIST_SEPARATOR).filter(Boolean),
      to,
      from: numbers.from ?? to - 3_600_000,
      points: numbers.points ?? 1000,
    }
    try {
      send(res, 200, await engine.call('query', params))
    } catch (err) {
      send(res, 400, { error: (err as Error).message })
    }
  }

  async function metrics(res: ServerResponse): Promise<void> {
    const [pool, alerts] = await Promise.all([engine.call('poolStatus', {}), engine.call('alertsActive', {})])
    const status = { pool: (pool as PoolStatus).stats, alerts: alerts as Alert[] }
    res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE })
    // The series the engine computed once per sample (engine.latest), not the sample flattened again.
    res.end(renderPrometheus(engine.latest.get(), self, status, engine.latest.values()))
  }

  const handlers: Record<ReadPath, (url: URL, res: ServerResponse) => Promise<void>> = {
    '/api/health': async (_url, res) => send(res, 200, await engine.call('health', {})),
    '/api/inventory': async (_url, res) => send(res, 200, await engine.call('inventory', {})),
    '/api/query': query,
    '/api/report': (url, res) => reportRoute(engine, url, res),
    '/metrics': (_url, res) => metrics(res),
  }

  return {
    async route(url, _req, res) {
      if (API_READ_PATHS.has(url.pathname)) {
        await handlers[url.pathname as ReadPath](url, res)
        return true
      }
      if (url.pathname.startsWith(API_REPORTS_PREFIX)) {
        storedReportRoute(engine, url.pathname.slice(API_REPORTS_PREFIX.length), res)
        return true
      }
      return false
    },
    close() {
      offs.forEach((off) => off())
    },
  }
}
