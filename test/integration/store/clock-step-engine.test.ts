// Attack finding 1: a wall clock step forward of 3 days for a few samples, then back (an NTP step and
// its fix, a VM resumed with a wrong clock). The engine's clock (steady-clock.ts) holds it off: the
// raw history stays, no sample is stored in the future, and the step is reported once, then its end.
// The wall clock is injected (EngineOptions.wallClock): the machine's clock is not touched.
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

describe('engine under a wall clock step', () => {
  it('keeps the raw history and stamps no sample in the future', async () => {
    const dataDir = tempDir('gw-clock-step-')
    let offset = 0
    engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 250, wallClock: () => Date.now() + offset })
    const e = engine
    // 30 h of history, once a minute, up to an hour ago (what `history import` writes).
    const start = Date.now()
    const first = Math.floor((start - 30 * HOUR) / MIN) * MIN
    let rows = 0
    for (let t = first; t < start - HOUR; t += MIN, rows++) e.metrics.append(t, [['cpu.total', 40]])
    expect(e.metrics.flush()).toBe(true)
    const times: number[] = []
    const warnings: string[] = []
    e.on('sample', (s) => times.push(s.t))
    e.on('warning', (w) => w.source === 'clock' && warnings.push(w.message))
    await e.start()
    const samples = async (n: number) => {
      const from = times.length
      await expect.poll(() => times.length - from, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(n)
    }
    await samples(3)
    offset = 3 * DAY
    await samples(6)
    e.metrics.applyRetention() // the hourly clean-up, run while the clock is ahead
    offset = 0
    await samples(3)
    await e.stop()
    engine = null
    const end = Date.now()
    expect(times.every((t) => t >= start && t <= end)).toBe(true)
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/jumped forward 3 days/)
    const db = new Database(`${dataDir}/gapwatch.db`, { readonly: true })
    try {
      const id = (db.prepare("SELECT id FROM metric WHERE name = 'cpu.total'").get() as { id: number }).id
      expect(db.prepare('SELECT count(*) AS n FROM raw_block WHERE metric_id = ? AND t0 < ?').get(id, start - HOUR)).toEqual({ n: rows })
      expect(db.prepare('SELECT count(*) AS n FROM raw_block WHERE t0 > ?').get(end)).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  }, 90_000)

  // Review finding 1: a start (the app reopened, serve restarted, a reboot before NTP answers) on a
  // clock 3 days ahead has no agreement to hold the step against; retention must still delete nothing.
  it('keeps the raw history when the engine starts on a clock stepped forward', async () => {
    const dataDir = tempDir('gw-clock-restart-')
    const first = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 250 })
    const start = Date.now()
    let rows = 0
    for (let t = Math.floor((start - 30 * HOUR) / MIN) * MIN; t < start - HOUR; t += MIN, rows++) first.metrics.append(t, [['cpu.total', 40]])
    expect(first.metrics.flush()).toBe(true)
    await first.stop()
    engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU, intervalMs: 250, wallClock: () => Date.now() + 3 * DAY })
    const e = engine
    let samples = 0
    e.on('sample', () => samples++)
    await e.start()
    await expect.poll(() => samples, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(3)
    e.metrics.applyRetention() // the hourly clean-up, on the stepped clock
    await e.stop()
    engine = null
    const db = new Database(`${dataDir}/gapwatch.db`, { readonly: true })
    try {
      const id = (db.prepare("SELECT id FROM metric WHERE name = 'cpu.total'").get() as { id: number }).id
      expect(db.prepare('SELECT count(*) AS n FROM raw_block WHERE metric_id = ? AND t0 < ?').get(id, start - HOUR)).toEqual({ n: rows })
    } finally {
      db.close()
    }
  }, 90_000)
})
