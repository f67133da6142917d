// The process whose disk writes bench/store-writes.ts measures: a real MetricStore (the module given
// by --store, so an older copy can be measured the same way) fed like the engine feeds it.
//   --mode realtime   samples every --interval ms on the wall clock, flushes once a second, runs until
//                     SIGTERM; the parent reads this process's /proc/<pid>/io.
//   --mode simulated  synthetic timestamps every --interval ms, one flush per simulated second, as fast
//                     as it can, for --hours simulated hours; prints its own /proc/self/io per hour.
// It prints `ready` once seeding (--seed-days of 1 Hz history ending now) is done.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { readProcIo } from './proc-io.ts'
import type * as DatabaseModule from '../electron/engine/store/database.ts'
import type * as MetricStoreModule from '../electron/engine/store/metric-store.ts'

const { values: a } = parseArgs({
  options: {
    store: { type: 'string' },
    db: { type: 'string' },
    metrics: { type: 'string', default: '24' },
    interval: { type: 'string', default: '1000' },
    'seed-days': { type: 'string', default: '0' },
    mode: { type: 'string', default: 'realtime' },
    hours: { type: 'string', default: '3' },
  },
})
const storeFile = path.resolve(a.store!)
const { openDatabase } = (await import(pathToFileURL(path.join(path.dirname(storeFile), 'database.ts')).href)) as typeof DatabaseModule
const { MetricStore } = (await import(pathToFileURL(storeFile).href)) as typeof MetricStoreModule

const HOUR = 3_600_000
const METRICS = Number(a.metrics)
const interval = Number(a.interval)
const retention = { rawHours: 48, minuteDays: 30, hourDays: 730 }
const names = Array.from({ length: METRICS }, (_, i) => `bench.m${i}`)
const level = new Float64Array(METRICS).fill(50)
function sampleAt(): Array<readonly [string, number]> {
  // A bounded random walk rounded like real gauges (percentages to 0.1, byte counts whole).
  return names.map((n, i) => {
    level[i] = Math.min(100, Math.max(0, level[i] + (Math.random() - 0.5) * 4))
    return [n, i % 3 === 0 ? Math.round(level[i] * 1e7) : Math.round(level[i] * 10) / 10] as const
  })
}

let clock = a.mode === 'simulated' ? Math.floor(Date.now() / HOUR) * HOUR + 17 * 60_000 + 23_000 : Date.now()
const db = openDatabase(path.resolve(a.db!))
let store = new MetricStore(db, { retention, now: () => clock })
type Closable = { close?: () => void }

const seedDays = Number(a['seed-days'])
if (seedDays > 0) {
  for (let t = clock - seedDays * 24 * HOUR; t < clock; t += 1000) {
    store.append(t, sampleAt())
    if (store.buffered >= 3600) store.flush()
  }
  store.flush()
  store.applyRetention(clock)
  ;(store as Closable).close?.()
  db.pragma('wal_checkpoint(TRUNCATE)')
  store = new MetricStore(db, { retention, now: () => clock }) // as at an engine start
}
console.log('ready')

if (a.mode === 'simulated') {
  const perFlush = Math.max(1, Math.round(1000 / interval))
  let io = readProcIo(fs.readFileSync('/proc/self/io', 'utf8'))
  const start = clock
  for (let h = 0; h < Number(a.hours); h++) {
    const w0 = performance.now()
    for (let k = 0; k < HOUR / interval; k++) {
      clock += interval
      store.append(clock, sampleAt())
      if (store.buffered >= perFlush) store.flush()
    }
    store.flush()
    store.applyRetention(clock)
    const now = readProcIo(fs.readFileSync('/proc/self/io', 'utf8'))
    console.log(
      JSON.stringify({
        hour: h + 1,
        simulatedFrom: start,
        wchar: now.wchar - io.wchar,
        writeBytes: now.writeBytes - io.writeBytes,
        wallMs: Math.round(performance.now() - w0),
      }),
    )
    io = now
  }
  ;(store as Closable).close?.()
  db.close()
} else {
  const sampler = setInterval(() => {
    clock = Date.now()
    store.append(clock, sampleAt())
  }, interval)
  const flusher = setInterval(() => store.flush(), 1000)
  const retention = setInterval(() => store.applyRetention(), HOUR)
  process.once('SIGTERM', () => {
    clearInterval(sampler)
    clearInterval(flusher)
    clearInterval(retention)
    store.flush()
    ;(store as Closable).close?.()
    db.close()
    process.exit(0)
  })
}
