// /metrics exposition: golden files pin the text for a fixed sample, and Prometheus' own linter
// (`promtool check metrics`, Debian's prometheus package, installed by .ci/run) reports nothing for it
// nor for a real sampler tick on this machine.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { renderPrometheus, LatestSample, type EngineStatus } from '../../../../electron/engine/metrics/prometheus.ts'
import { renderExposition } from '../../../../electron/engine/metrics/exposition.ts'
import { Sampler } from '../../../../electron/engine/sampler/index.ts'
import { sampleValues } from '../../../../electron/engine/metrics/stored-values.ts'
import { metricName } from '../../../../shared/metrics.ts'
import type { Telemetry } from '../../../../shared/contract.ts'
import type { Sample } from '../../../../shared/sample.ts'
import { NO_GPU } from '../../../helpers/gpu.ts'

const gpu = (index: number, o: Partial<Sample['gpus'][number]> = {}): Sample['gpus'][number] => ({
  index,
  name: 'NVIDIA RTX A4000',
  utilization: 37,
  memoryUtilization: 12,
  memoryUsedBytes: 2_147_483_648,
  memoryTotalBytes: 17_179_869_184,
  temperatureC: 61,
  powerW: 71.5,
  clockSmMHz: 1560,
  ...o,
})

export const SAMPLE: Sample = {
  t: 1_764_633_600_000,
  cpu: { total: 43, user: 30, system: 10, iowait: 2, steal: 1, cores: [50, 36], load: [1.25, 0.5, 0.25] },
  memory: { totalBytes: 34_359_738_368, usedBytes: 12_884_901_888, availableBytes: 21_474_836_480, cachedBytes: 8_589_934_592, swapUsedBytes: 0, swapTotalBytes: 2_147_483_648 },
  disk: { readBps: 1_048_576, writeBps: 524_288, readOps: 110, writeOps: 55 },
  network: { rxBps: 1_000_500, txBps: 250_000, interfaces: [{ name: 'eth0', rxBps: 1_000_500, txBps: 250_000 }] },
  gpus: [gpu(0), gpu(1, { utilization: null, temperatureC: null, powerW: null })],
  processes: {
    topCpu: [],
    topMemory: [],
    groups: [
      { name: 'IB Gateway', pattern: '^IB Gateway$', count: 1, cpu: 12.5, rssBytes: 805_306_368, pssBytes: 700_000_256 },
      { name: 'bots "v2"\\eu', pattern: 'python', count: 3, cpu: 150, rssBytes: 1_073_741_824, pssBytes: 402_653_184 },
    ],
    total: 212,
  },
  filesystems: [
    { mount: '/', device: '/dev/nvme0n1p2', type: 'ext4', sizeBytes: 1000, usedBytes: 400, availableBytes: 550 },
    { mount: '/mnt/market data', device: '/dev/sdb1', type: 'xfs', sizeBytes: 1000, usedBytes: 900 },
  ],
  telemetry: { collectorsMs: { cpu: 0.25, memory: 0.125, processes: 3.5 }, tickMs: 4.5 },
}

export const TELEMETRY: Telemetry = {
  t: SAMPLE.t,
  cpuPercent: 1.5,
  rssBytes: 150_000_000,
  pssBytes: 120_000_000,
  diskWrittenBytes: 7_340_032,
  diskWrittenBytesPerHour: 1_000_000,
  processes: 3,
  dbBytes: 41_943_040,
  eventLoopDelay: { p50Ms: 0.5, p99Ms: 12, maxMs: 250 },
  collectorsMs: SAMPLE.telemetry.collectorsMs,
}

export const STATUS: EngineStatus = {
  pool: { size: 2, workers: [], queued: 5, queues: {}, running: 2, done: 140, failed: 1, cancelled: 3, candlesPerSec: 2_500_000, fvgsPerSec: 410.5, balance: 0.9 },
  alerts: [
    { rule: 'memory-high', metric: 'mem.used_pct', severity: 'critical', labels: {}, state: 'firing', activeAt: 0, firedAt: 1, resolvedAt: null, value: 95, message: 'm', muted: null, acknowledgedAt: null },
    { rule: 'cpu-high', metric: 'cpu.total', severity: 'warning', labels: {}, state: 'pending', activeAt: 0, firedAt: null, resolvedAt: null, value: 91, message: 'c', muted: null, acknowledgedAt: null },
  ],
}

/** promtool's findings for an exposition: '' when it has none (exit 0, nothing printed). */
function promtoolCheck(text: string): string {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
  if (r.error) throw new Error(`promtool is not runnable (${r.error.message}): install Debian's prometheus package (.ci/run does)`)
  return `${r.stdout}${r.stderr}`.trim() + (r.status === 0 ? '' : ` (exit ${r.status})`)
}

describe('/metrics exposition', () => {
  it('renders a fixed sample as the golden file: families with labels, base units, HELP and TYPE', async () => {
    await expect(renderPrometheus(SAMPLE, TELEMETRY, STATUS)).toMatchFileSnapshot('./golden/full.prom')
  })

  it('renders the engine alone before the first sample, and nothing before anything', async () => {
    await expect(renderPrometheus(null, TELEMETRY)).toMatchFileSnapshot('./golden/engine-only.prom')
    expect(renderPrometheus(null, null)).toBe('')
  })

  it('escapes label values and help, and spells special values as Prometheus does', () => {
    const text = renderExposition([
      { name: 'x', kind: 'gauge', help: 'a\\b\nc', series: [{ labels: { group: 'a"b\\c\nd' }, value: NaN }, { labels: {}, value: -Infinity }] },
      { name: 'empty', kind: 'gauge', help: 'left out', series: [] },
    ])
    expect(text).toBe('# HELP x a\\\\b\\nc\n# TYPE x gauge\nx{group="a\\"b\\\\c\\nd"} NaN\nx -Inf\n')
  })

  it('promtool check metrics reports nothing for the golden sample', () => {
    expect(promtoolCheck(renderPrometheus(SAMPLE, TELEMETRY, STATUS))).toBe('')
  })

  it('promtool check metrics reports nothing for a real sampler tick on this machine', async () => {
    const sampler = new Sampler({ intervalMs: 250, groups: [{ name: 'node "tree"', pattern: 'node|vitest' }], gpu: { command: NO_GPU } })
    const latest = new LatestSample()
    latest.update(await sampler.sampleOnce())
    latest.update(await sampler.sampleOnce())
    await sampler.stop()
    const text = renderPrometheus(latest.get(), TELEMETRY, STATUS)
    expect(text).toMatch(/^gapwatch_cpu_core_busy_ratio\{core="0"\} [\d.e-]+$/m)
    expect(promtoolCheck(text)).toBe('')
  })

  it('keeps the slow parts (groups, filesystems) of the last tick that had them', () => {
    const latest = new LatestSample()
    latest.update(SAMPLE)
    latest.update({ ...SAMPLE, t: SAMPLE.t + 1000, cpu: { ...SAMPLE.cpu, total: 10 }, processes: undefined, filesystems: undefined })
    const text = renderPrometheus(latest.get(), null)
    expect(text).toMatch(/^gapwatch_cpu_busy_ratio 0\.1$/m)
    expect(text).toMatch(/^gapwatch_group_cpu_ratio\{group="IB Gateway"\} 0\.125$/m)
    expect(text).toMatch(/^gapwatch_filesystem_fullest_used_ratio 0\.9$/m)
  })
  it("renders the engine's once-per-sample series, with the slow ones carried over, as it would render the sample", () => {
    const latest = new LatestSample()
    const quick = (t: number, total: number): Sample => ({ ...SAMPLE, t, cpu: { ...SAMPLE.cpu, total }, processes: undefined, filesystems: undefined })
    const seq = [SAMPLE, quick(SAMPLE.t + 1000, 10), quick(SAMPLE.t + 2000, 20), { ...SAMPLE, t: SAMPLE.t + 3000, filesystems: undefined }, quick(SAMPLE.t + 4000, 30)]
    for (const s of seq) {
      latest.update(s, sampleValues(s))
      expect(renderPrometheus(latest.get(), TELEMETRY, STATUS, latest.values())).toBe(renderPrometheus(latest.get(), TELEMETRY, STATUS))
    }
    const names = latest.values().map(([n]) => n)
    expect(names).toContain(metricName('group.{group}.cpu', { group: 'IB Gateway' }))
    expect(names).toContain(metricName('fs.used_pct_max'))
  })

  it('renders the series it is given rather than flattening the sample again', () => {
    const latest = new LatestSample()
    const values = sampleValues(SAMPLE).map(([n, v]): [string, number] => [n, n === metricName('cpu.total') ? 55 : v])
    latest.update(SAMPLE, values)
    expect(renderPrometheus(latest.get(), null, null, latest.values())).toMatch(/^gapwatch_cpu_busy_ratio 0\.55$/m)
  })
})
