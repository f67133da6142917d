// npm run bench:alerts — what alert evaluation adds to the engine, and how fast a backtest is.
//  1. The engine's per-sample path (Engine.onSample: flatten, derive, buffer, self-telemetry, alerts;
//     plus the store's flush once a simulated second) fed synthetic 1 Hz samples of an 8-core host,
//     alternately with no rules and with 200 rules (mixed aggregates, windows and anomaly rules), in
//     the same run. Reported: median CPU µs per sample of each and the difference as % of one core at
//     1 Hz, and how many state changes a sample caused (each is written to SQLite and emitted).
//     Target (issue 10): ≤ 0.05 % of a core added.
//  2. Backtest of one rule over 7 days of 1-minute history (10,080 points from the 1-minute tier,
//     through the store's query). Target: < 200 ms.
//   --rounds N  rounds of each configuration (default 5); --samples N  samples per round (default 3600)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Engine } from '../electron/engine/engine.ts'
import { openDatabase } from '../electron/engine/store/database.ts'
import { MetricStore } from '../electron/engine/store/metric-store.ts'
import { backtestStore } from '../electron/engine/alerts/backtest.ts'
import { RuleSchema, type Rule } from '../shared/alerts.ts'
import type { Sample } from '../shared/sample.ts'
import { median } from './stats.ts'

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, samples: { type: 'string', default: '3600' } } })
const ROUNDS = Number(args.rounds)
const SAMPLES = Number(args.samples)
const CORES = 8

function makeRules(n: number): Rule[] {
  const metrics = ['cpu.total', 'cpu.user', 'cpu.system', 'cpu.iowait', 'load.1', 'mem.used_pct', 'swap.used', 'disk.read_bps', 'disk.write_bps', 'net.rx_bps', 'net.tx_bps']
  for (let c = 0; c < CORES; c++) metrics.push(`cpu.core.${c}`)
  const aggs = ['last', 'avg', 'max', 'min', 'p95', 'delta'] as const
  return Array.from({ length: n }, (_, i) => {
    const metric = metrics[i % metrics.length]
    const scale = metric.endsWith('_bps') ? 1e6 : 1 // byte rates: thresholds in MB/s
    if (i % 10 === 9) return RuleSchema.parse({ kind: 'anomaly', name: `r${i}`, metric, method: i % 20 === 19 ? 'mad' : 'ewma', window: '5m', warmup: '5m', floor: 10 * scale }) as Rule
    return RuleSchema.parse({
      name: `r${i}`,
      metric,
      aggregate: aggs[i % aggs.length],
      window: ['30s', '1m', '5m'][i % 3],
      // Most rules stay quiet, a few fire now and then (cores peak near 85 %), as on a healthy host.
      threshold: (70 + (i % 30)) * scale,
      clear: (65 + (i % 30)) * scale,
      for: ['0s', '30s', '2m'][i % 3],
      keep_firing_for: i % 4 === 0 ? '30s' : '0s',
      severity: (['info', 'warning', 'critical'] as const)[i % 3],
      labels: { group: `g${i % 7}` },
    }) as Rule
  })
}

let seed = 1
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
function sample(t: number, k: number): Sample {
  const cpu = 30 + 25 * Math.sin(k / 300) + rnd() * 20
  return {
    t,
    cpu: { total: cpu, user: cpu * 0.7, system: cpu * 0.3, iowait: rnd(), steal: 0, cores: Array.from({ length: CORES }, () => cpu + rnd() * 10), load: [cpu / 25, 1, 1] },
    memory: { totalBytes: 32e9, usedBytes: 12e9 + rnd() * 1e9, availableBytes: 19e9, cachedBytes: 4e9, swapUsedBytes: 1e8, swapTotalBytes: 8e9 },
    disk: { readBps: rnd() * 1e6, writeBps: rnd() * 2e6, readOps: rnd() * 100, writeOps: rnd() * 200 },
    network: { rxBps: rnd() * 1e5, txBps: rnd() * 1e5, interfaces: [] },
    gpus: [],
    telemetry: { collectorsMs: {}, tickMs: 1 },
  }
}

function cpuMicros(): number {
  const u = process.cpuUsage()
  return u.user + u.system
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-alerts-'))
try {
  // ---- 1. evaluation cost against the engine without rules ----
  const engine = new Engine({ dataDir: path.join(dir, 'engine'), scanOnFirstRun: false, skipLock: true })
  const onSample = (engine as unknown as { onSample(s: Sample): void }).onSample.bind(engine)
  const rules = makeRules(200)
  let t = Date.UTC(2026, 0, 5)
  let k = 0
  const run = (withRules: boolean): number => {
    engine.alerts.engine.setRules(withRules ? rules : [])
    // Warm the windows (their buffers grow once) before measuring.
    for (let i = 0; i < 600; i++, k++, t += 1000) onSample(sample(t, k))
    engine.metrics.flush()
    const c0 = cpuMicros()
    for (let i = 0; i < SAMPLES; i++, k++, t += 1000) {
      onSample(sample(t, k))
      engine.metrics.flush() // the engine flushes once a second
    }
    return (cpuMicros() - c0) / SAMPLES
  }
  let transitions = 0
  engine.on('alert', () => transitions++)
  const base: number[] = []
  const withRules: number[] = []
  run(false) // warm-up of the JIT
  for (let r = 0; r < ROUNDS; r++) {
    base.push(run(false))
    withRules.push(run(true))
  }
  const perSample = transitions / (ROUNDS * (SAMPLES + 600))
  const mBase = median(base)
  const mRules = median(withRules)
  const addedPct = ((mRules - mBase) / 1e6) * 100
  console.log(`engine per sample, no rules:   median ${mBase.toFixed(1)} µs CPU  (rounds: ${base.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`engine per sample, 200 rules:  median ${mRules.toFixed(1)} µs CPU  (rounds: ${withRules.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`alert transitions (each written to SQLite): ${perSample.toFixed(2)} a sample`)
  console.log(`added by 200 rules at 1 Hz:    ${(mRules - mBase).toFixed(1)} µs a second = ${addedPct.toFixed(4)} % of one core (target ≤ 0.05 %)`)
  // The evaluator alone, for a figure free of the store's noise.
  const alone: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    engine.alerts.engine.setRules(rules)
    const values = Array.from({ length: SAMPLES }, (_, i) => {
      const s = sample(t + i * 1000, k + i)
      return [['cpu.total', s.cpu.total], ['cpu.user', s.cpu.user], ['cpu.system', s.cpu.system], ['cpu.iowait', s.cpu.iowait], ['load.1', s.cpu.load[0]], ['mem.used_pct', 40], ['swap.used', 1e8], ['disk.read_bps', s.disk.readBps], ['disk.write_bps', s.disk.writeBps], ['net.rx_bps', s.network.rxBps], ['net.tx_bps', s.network.txBps], ...s.cpu.cores.map((v, c) => [`cpu.core.${c}`, v] as [string, number])] as Array<[string, number]>
    })
    const c0 = cpuMicros()
    for (let i = 0; i < SAMPLES; i++) engine.alerts.onSample(t + i * 1000, values[i])
    alone.push((cpuMicros() - c0) / SAMPLES)
    t += SAMPLES * 1000
    k += SAMPLES
  }
  console.log(`evaluator alone, 200 rules:    median ${median(alone).toFixed(1)} µs a sample = ${((median(alone) / 1e6) * 100).toFixed(4)} % of one core at 1 Hz`)
  await engine.stop()

  // ---- 2. backtest over 7 days of 1-minute history ----
  const db = openDatabase(path.join(dir, 'bt.db'))
  const end = Date.UTC(2026, 0, 12)
  const store = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 }, now: () => end })
  const from = end - 7 * 86_400_000
  for (let m = 0, tt = from; tt < end; m++, tt += 60_000) {
    store.append(tt, [['cpu.total', 30 + 25 * Math.sin(m / 90) + ((m * 7919) % 13)]])
    if (m % 1000 === 999) store.flush()
  }
  store.flush()
  const rule = RuleSchema.parse({ name: 'bt', metric: 'cpu.total', aggregate: 'avg', window: '15m', threshold: 60, clear: 55, for: '10m' }) as Rule
  const times: number[] = []
  const cpu: number[] = []
  let points = 0
  let firings = 0
  let tier = ''
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now()
    const c0 = cpuMicros()
    const res = backtestStore(store, rule, { from, to: end, sampleIntervalMs: 1000, now: end + 3 * 86_400_000 })
    cpu.push((cpuMicros() - c0) / 1000)
    times.push(performance.now() - t0)
    points = res.points
    firings = res.firings.length
    tier = res.tier
  }
  console.log(`backtest, 7 days at ${tier} (${points} points, ${firings} firings): median ${median(times).toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU (wall runs: ${times.map((x) => x.toFixed(1)).join(', ')}; target < 200 ms)`)
  store.close()
  db.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
