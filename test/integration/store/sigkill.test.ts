// A writer process is killed with SIGKILL mid-minute and mid-hour, again and again (its timestamps run
// ahead of the wall clock, so hours close within the test): every flush it acknowledged must be
// there, nothing half-written, integrity_check ok, and the 1m/1h rollups equal to those from raw (as
// queried before the restart writes anything, and as stored after a clean close).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { openDatabase } from '../../../electron/engine/store/database.ts'
import { MetricStore } from '../../../electron/engine/store/metric-store.ts'
import { decodeOffsets, float64View, type TsEncoding } from '../../../electron/engine/store/raw-block.ts'
import { rollupsFromRaw, storedRollups } from '../../fixtures/store/rollups.ts'
import { tempDir } from '../../helpers/temp.ts'

const dir = tempDir('gw-kill-')
const file = path.join(dir, 'gapwatch.db')
const writer = path.resolve(import.meta.dirname, '../../fixtures/store/writer.ts')

const HOUR = 3_600_000
const START = 1_700_002_800_000 + 20_000 // 20 s into an hour

/** Runs the writer from `from` and kills it once it has acknowledged `killAfter`. */
function runAndKill(from: number, killAfter: number): Promise<{ acked: number[]; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file, String(from)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let killed = false
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (!killed && out.includes(`${killAfter}\n`)) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited by itself: ${err}`))
      const lines = out.split('\n')
      lines.pop() // the last line may be cut short
      resolve({ acked: lines.filter((l) => /^\d+$/.test(l)).map(Number), output: out })
    })
  })
}

/** Checks a copy (the original goes on to the next round with its raw log unreplayed). */
function check(acked: Set<number>): number[] {
  const copy = fs.mkdtempSync(path.join(dir, 'check-'))
  for (const suffix of ['', '-wal', '-rawlog']) {
    if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, path.join(copy, 'gapwatch.db' + suffix))
  }
  const db = openDatabase(path.join(copy, 'gapwatch.db'), { onWarning: (m) => expect.fail(m) })
  try {
    // A SIGKILL can cut a multi-page append short (the kernel stops a write between pages for a fatal
    // signal): that record was never acknowledged, and cutting it is the log's job. Anything else fails.
    const torn = /ended in a torn record \(a crash mid-write\); it was cut there\.$/
    const store = new MetricStore(db, { retention: { rawHours: 48, minuteDays: 30, hourDays: 730 }, onWarning: (m) => (torn.test(m) ? undefined : expect.fail(m)) })
    // Before anything is written at shutdown, the 1-minute tier (stored rows, the closed hours' pending
    // rollups rebuilt from raw, the replayed open hour) already equals raw.
    const from = START - (START % HOUR)
    const to = Math.max(...acked) + 1000
    const minutes = store.query({ metrics: ['m.0'], from, to, points: Math.ceil((to - from) / 60_000) }, to + 49 * HOUR)
    expect(minutes.tier).toBe('1m')
    store.close()
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const id = (db.prepare("SELECT id FROM metric WHERE name = 'm.0'").get() as { id: number }).id
    const avg = (v: number) => Math.round(v * 1e6) / 1e6
    expect(minutes.series[0].buckets.map(([t, min, max, mean]) => [t, min, max, avg(mean)])).toEqual(
      rollupsFromRaw(db).minute.filter((r) => r.metric_id === id).map((r) => [r.t, r.min, r.max, avg(r.sum / r.count)]),
    )
    const stored = new Map<number, number>()
    const rows = db.prepare("SELECT t0, n, ts, vs, enc FROM raw_block WHERE metric_id = (SELECT id FROM metric WHERE name = 'm.0')").all() as Array<{
      t0: number
      n: number
      ts: Buffer
      vs: Buffer
      enc: TsEncoding
    }>
    for (const r of rows) {
      const ts = decodeOffsets(r.ts, r.n, r.enc)
      const vs = float64View(r.vs, r.n)
      ts.forEach((off, k) => stored.set(r.t0 + off, vs[k]))
    }
    for (const t of acked) expect(stored.get(t), `acknowledged sample at ${t}`).toBe(t / 1000)
    // Nothing beyond the acknowledged flushes but the one in flight.
    expect(stored.size).toBeLessThanOrEqual(acked.size + 1)
    expect(storedRollups(db)).toEqual(rollupsFromRaw(db))
    return [...stored.keys()]
  } finally {
    db.close()
    fs.rmSync(copy, { recursive: true, force: true })
  }
}

it('loses no acknowledged flush, stays intact and keeps rollups equal to raw across SIGKILLs mid-minute and mid-hour', { timeout: 120_000 }, async () => {
  // Where each round is killed, from its first timestamp: mid-minute in the first minute, mid-hour,
  // just after an hour closed, and across two hour boundaries.
  const runs = [37_000, 25 * 60_000 + 13_000, HOUR + 90_000, 2 * HOUR + 31 * 60_000 + 7_000, 41_000, 59 * 60_000 + 30_000]
  const acked = new Set<number>()
  let from = START
  for (const span of runs) {
    const { acked: got, output } = await runAndKill(from, from + span)
    expect(output).not.toMatch(/warning/)
    for (const t of got) acked.add(t)
    // What the last round stored beyond its acknowledgements (the flush in flight) counts as known now.
    let last = from
    for (const t of check(acked)) {
      acked.add(t)
      last = Math.max(last, t)
    }
    from = last + 1000
  }
  expect(acked.size).toBeGreaterThan(4 * 3600)
})
