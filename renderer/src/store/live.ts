// The live data outside React: a rolling window of every sampled metric as {x, y} arrays that the
// Overview's charts bind to directly (Chart.js with parsing:false reads them in place), plus the
// few values React shows (processes, telemetry, inventory, connection) as signals. On start and
// after a dropped connection it refills from history with `query`.
import type { Telemetry, Notice } from '../../../shared/contract.ts'
import type { Inventory } from '../../../shared/inventory.ts'
import { metricsOf, type Filesystem, type Processes, type Sample } from '../../../shared/sample.ts'
import type { SettingsView as Settings } from '../../../shared/settings-secrets.ts'
import type { ConnectionState, DashboardClient } from '../client/index.ts'
import { measureToPaint } from './latency.ts'
import { Signal } from './signal.ts'
import { isFamily, metricName } from '../../../shared/metrics.ts'

export interface Point {
  x: number
  y: number
}

export interface Connection {
  state: ConnectionState
  /** When the current outage began (epoch ms), while not open. */
  downSince: number | null
  /** Set while the gap of the last outage is being refilled from history. */
  refilling: boolean
}

/** Metrics the Overview draws, refilled from history (per-core and GPU series are added by pattern). */
const OVERVIEW_METRICS: readonly string[] = [
  metricName('cpu.total'),
  metricName('cpu.{mode}', { mode: 'user' }),
  metricName('cpu.{mode}', { mode: 'system' }),
  metricName('cpu.{mode}', { mode: 'iowait' }),
  metricName('mem.used'),
  metricName('mem.cached'),
  metricName('swap.used'),
  metricName('disk.read_bps'),
  metricName('disk.write_bps'),
  metricName('net.rx_bps'),
  metricName('net.tx_bps'),
]
const isOverviewFamily = (n: string) =>
  isFamily(n, 'cpu.core.{core}') || isFamily(n, 'gpu.{gpu}.util') || isFamily(n, 'gpu.{gpu}.mem_used') || isFamily(n, 'gpu.{gpu}.temp') || isFamily(n, 'gpu.{gpu}.power')

export class LiveStore {
  readonly windowMs: number
  private readonly series = new Map<string, Point[]>()
  private readonly tickListeners = new Set<(s: Sample) => void>()
  latest: Sample | null = null

  readonly hasData = new Signal(false)
  readonly processes = new Signal<Processes | null>(null)
  readonly filesystems = new Signal<Filesystem[] | null>(null)
  readonly telemetry = new Signal<Telemetry | null>(null)
  readonly inventory = new Signal<Inventory | null>(null)
  readonly settings = new Signal<Settings | null>(null)
  readonly coreCount = new Signal(0)
  readonly gpuCount = new Signal(0)
  readonly notices = new Signal<Array<Notice & { level: 'warning' | 'error'; t: number }>>([])
  readonly connection = new Signal<Connection>({ state: 'open', downSince: null, refilling: false })

  private readonly client: DashboardClient

  constructor(client: DashboardClient, windowMs = 5 * 60_000) {
    this.client = client
    this.windowMs = windowMs
    client.on('sample', (s) => this.onSample(s))
    client.on('telemetry', (t) => this.telemetry.set(t))
    client.on('inventory', (i) => this.inventory.set(i))
    client.on('settings', (s) => this.settings.set(s))
    client.on('warning', (n) => this.notice('warning', n))
    client.on('error', (n) => this.notice('error', n))
    this.connection.set({ state: client.state, downSince: null, refilling: false })
    client.onState((state, downSince) => {
      const prev = this.connection.get()
      if (state === 'open') {
        this.connection.set({ state, downSince: null, refilling: downSince !== null })
        if (downSince !== null) void this.refill(downSince).finally(() => this.connection.update((c) => ({ ...c, refilling: false })))
        void this.loadStatic()
      } else {
        this.connection.set({ state, downSince: prev.downSince ?? (state === 'closed' ? Date.now() : null), refilling: false })
      }
    })
  }

  /** Loads what the page needs once (and again after a reconnect), then the recent history. */
  async start(): Promise<void> {
    await this.loadStatic()
    await this.refill(Date.now() - this.windowMs)
  }

  private async loadStatic(): Promise<void> {
    const [inventory, settings, snapshot] = await Promise.allSettled([
      this.client.call('inventory'),
      this.client.call('getSettings'),
      this.client.call('snapshot'),
    ])
    if (inventory.status === 'fulfilled') this.inventory.set(inventory.value)
    if (settings.status === 'fulfilled') this.settings.set(settings.value)
    // Processes and file systems arrive every 5 s and 60 s: show the last ones at once.
    if (snapshot.status === 'fulfilled') {
      if (snapshot.value.processes && !this.processes.get()) this.processes.set(snapshot.value.processes)
      if (snapshot.value.filesystems && !this.filesystems.get()) this.filesystems.set(snapshot.value.filesystems)
    }
  }

  get intervalMs(): number {
    return this.settings.get()?.sampleIntervalMs ?? 1000
  }

  /** The live array of a metric (created empty): charts bind to it and must not copy it. */
  seriesOf(metric: string): Point[] {
    let s = this.series.get(metric)
    if (!s) this.series.set(metric, (s = []))
    return s
  }

  /** Listeners run synchronously on each sample, after the arrays took it (charts update here). */
  onTick(listener: (s: Sample) => void): () => void {
    this.tickListeners.add(listener)
    return () => this.tickListeners.delete(listener)
  }

  private onSample(s: Sample): void {
    if (this.latest && s.t <= this.latest.t) return
    this.latest = s
    for (const [name, v] of metricsOf(s)) this.seriesOf(name).push({ x: s.t, y: v })
    this.trim(s.t)
    if (s.processes) this.processes.set(s.processes)
    if (s.filesystems) this.filesystems.set(s.filesystems)
    this.coreCount.set(s.cpu.cores.length)
    this.gpuCount.set(s.gpus.length)
    this.hasData.set(true)
    for (const l of this.tickListeners) l(s)
    measureToPaint(s.t)
  }

  private trim(now: number): void {
    const cutoff = now - this.windowMs
    for (const arr of this.series.values()) {
      let k = 0
      while (k < arr.length && arr[k].x < cutoff) k++
      if (k > 0) arr.splice(0, k)
    }
  }

  /** Fills [from, now] from history where the live arrays have no point (start, or a reconnect's gap). */
  async refill(from: number): Promise<void> {
    const to = Date.now()
    let names: string[]
    try {
      names = await this.client.call('metricNames')
    } catch {
      return
    }
    const metrics = names.filter((n) => OVERVIEW_METRICS.includes(n) || isOverviewFamily(n)).slice(0, 64)
    if (metrics.length === 0) return
    const points = Math.min(2000, Math.max(10, Math.ceil((to - from) / this.intervalMs)))
    let result
    try {
      result = await this.client.call('query', { metrics, from: Math.max(from, to - this.windowMs), to, points })
    } catch {
      return
    }
    const tolerance = Math.max(this.intervalMs, result.bucketMs) * 0.75
    for (const { metric, buckets } of result.series) {
      const arr = this.seriesOf(metric)
      const add: Point[] = []
      for (const [t, , , avg] of buckets) if (!hasNear(arr, t, tolerance)) add.push({ x: t, y: avg })
      if (add.length === 0) continue
      const merged = [...arr, ...add].sort((a, b) => a.x - b.x)
      arr.splice(0, arr.length, ...merged)
    }
    const latestT = this.latest?.t ?? to
    this.trim(latestT)
    if (!this.hasData.get() && result.series.some((s) => s.buckets.length > 0)) {
      const cores = metrics.filter((m) => isFamily(m, 'cpu.core.{core}')).length
      if (cores) this.coreCount.set(cores)
    }
    if (this.latest) for (const l of this.tickListeners) l(this.latest)
  }

  private notice(level: 'warning' | 'error', n: Notice): void {
    this.notices.update((list) => [...list.slice(-19), { ...n, level, t: Date.now() }])
  }

  dismissNotices(): void {
    this.notices.set([])
  }
}

/** Whether a sorted point array has a point within `tol` of x (binary search). */
export function hasNear(arr: readonly Point[], x: number, tol: number): boolean {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (arr[mid].x < x) lo = mid + 1
    else hi = mid
  }
  return (lo < arr.length && Math.abs(arr[lo].x - x) < tol) || (lo > 0 && Math.abs(arr[lo - 1].x - x) < tol)
}
