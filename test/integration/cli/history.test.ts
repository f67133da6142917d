// `gapwatch history import/export`: a round trip through the store's rollups, and refusals by line.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../../helpers/serve.ts'
import { tempDir } from '../../helpers/temp.ts'

const dirs: string[] = []
const tmp = () => {
  const d = tempDir('gw-cli-history-')
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const MIN = 60_000

describe('gapwatch history', () => {
  it('round-trips a 4-day 1-minute trace: import, then export at 1m gives the same CSV; raw kept for its last 48 h only', async () => {
    const dir = tmp()
    const end = Math.floor(Date.now() / MIN) * MIN - 10 * MIN
    const t0 = end - 4 * 1440 * MIN
    const rows = ['time,cpu.total,mem.used_pct']
    for (let m = 0; m < 4 * 1440; m++) rows.push(`${new Date(t0 + m * MIN).toISOString()},${(m * 7) % 100},${m % 3 === 0 ? '' : 40 + (m % 11) / 4}`)
    const csv = path.join(dir, 'in.csv')
    fs.writeFileSync(csv, rows.join('\n') + '\n')
    const imp = await runToEnd(['history', 'import', csv, '--data-dir', dir])
    expect(imp.stderr).toBe('')
    expect(imp.code).toBe(0)
    expect(imp.stdout).toMatch(/imported 5760 rows/)

    const out = path.join(dir, 'out.csv')
    const exp = await runToEnd(['history', 'export', '--data-dir', dir, '--metrics', 'cpu.total,mem.used_pct', '--from', String(t0), '--to', String(end), '--step', '1m', '--out', out])
    expect(exp.code).toBe(0)
    const got = fs.readFileSync(out, 'utf8').trim().split('\n')
    expect(got[0]).toBe('time,cpu.total,mem.used_pct')
    expect(got.length).toBe(rows.length)
    expect(got.slice(1).map((l) => l.split(',').map((c, i) => (i === 0 || c === '' ? c : String(Number(Number(c).toFixed(9))))).join(','))).toEqual(rows.slice(1))

    const json = await runToEnd(['history', 'export', '--data-dir', dir, '--metrics', 'cpu.total', '--from', String(t0), '--to', String(t0 + 3 * MIN), '--format', 'json'])
    expect(JSON.parse(json.stdout)).toEqual([0, 7, 14].map((v, i) => ({ time: new Date(t0 + i * MIN).toISOString(), 'cpu.total': v })))

    // Through the same rollups as live samples: every minute in rollup_1m, raw only for the last 48 h.
    const db = new Database(path.join(dir, 'gapwatch.db'), { readonly: true })
    const id = db.prepare("SELECT id FROM metric WHERE name = 'cpu.total'").pluck().get()
    expect(db.prepare('SELECT count(*) FROM rollup_1m WHERE metric_id = ?').pluck().get(id)).toBe(4 * 1440)
    const rawFrom = db.prepare('SELECT min(t0) FROM raw_block WHERE metric_id = ?').pluck().get(id) as number
    db.close()
    expect(rawFrom).toBeGreaterThanOrEqual(end - 49 * 60 * MIN)
    expect(rawFrom).toBeLessThanOrEqual(end - 47 * 60 * MIN)
  })

  it('exports each part of the range from the finest tier that covers it, and says where only hourly rollups remain', async () => {
    const dir = tmp()
    const HOUR = 60 * MIN
    const now = Math.floor(Date.now() / HOUR) * HOUR
    // 2 hours 35 days ago (only the 1-hour tier keeps them), then 30 h up to an hour ago (raw and 1-minute).
    const old = now - 35 * 24 * HOUR
    const recent = now - 31 * HOUR
    const times = [...Array.from({ length: 120 }, (_, m) => old + m * MIN), ...Array.from({ length: 1800 }, (_, m) => recent + m * MIN)]
    const csv = path.join(dir, 'in.csv')
    fs.writeFileSync(csv, ['time,cpu.total', ...times.map((t, i) => `${new Date(t).toISOString()},${i % 2 === 0 ? 10 : 90}`)].join('\n') + '\n')
    expect((await runToEnd(['history', 'import', csv, '--data-dir', dir])).code).toBe(0)
    const exp = await runToEnd(['history', 'export', '--data-dir', dir, '--metrics', 'cpu.total', '--from', '40d', '--step', '1m'])
    expect(exp.code).toBe(0)
    const rows = exp.stdout.trim().split('\n').slice(1).map((l) => l.split(','))
    // The recent 30 h at the asked minute: every value as imported, no hourly average (50) among them.
    // (Buckets start on --from's grid, so a minute's row may start up to a minute before its sample.)
    const minuteRows = rows.filter(([t]) => Date.parse(t) > recent - MIN)
    expect(minuteRows.map(([, v]) => Number(v))).toEqual(times.slice(120).map((_, i) => (i % 2 === 0 ? 10 : 90)))
    // The old 2 hours: hourly averages, said on stderr.
    expect(rows.filter(([t]) => Date.parse(t) <= recent - MIN).map(([, v]) => Number(v))).toEqual([50, 50])
    expect(exp.stderr).toMatch(/--step 1m: only the 1-hour rollups cover .* its rows are averages over 1 h/)
  })

  it('refuses unknown metrics, unsorted times and bad numbers by line, writing nothing', async () => {
    const dir = tmp()
    const f = path.join(dir, 'x.csv')
    const cases: Array<[string, RegExp]> = [
      ['time,cpu.totl\n1767600000000,1\n', /x\.csv:1: unknown metric\(s\): "cpu\.totl"/],
      ['time,cpu.total\n1767600060000,1\n1767600000000,2\n', /x\.csv:3: times must increase/],
      ['time,cpu.total\n2026-01-05T08:00:00Z,1\n2026-01-05T08:01:00Z,abc\n', /x\.csv:3:22: column "cpu\.total": "abc" is not a number/],
      ['time,cpu.total\nyesterday,1\n', /x\.csv:2:1: column "time": "yesterday" is not ISO 8601 or epoch ms/],
      // values no metric can have (F2): one of them spoilt every rollup of its hour and day for good
      ['time,cpu.total\n2026-11-01T00:00:00Z,1e308\n', /x\.csv:2:22: column "cpu\.total": 1e308 is not a value it can have \(percent: 0 to 100\)/],
      ['time,mem.used,cpu.total\n2026-11-01T00:00:00Z,5,4\n2026-11-01T00:00:01Z,1,-5\n', /x\.csv:3:24: column "cpu\.total": -5 is not a value/],
      // times outside 1970-2200 (F3): they were written, then the import said it failed
      ['time,cpu.total\n1796171579667,50\n99999999999999999,50\n', /x\.csv:3:1: column "time": "99999999999999999" is outside 1970-01-01 to 2200-01-01/],
      ['time,cpu.total\n1796171579667.5,50\n', /x\.csv:2:1: column "time": "1796171579667\.5" is not a whole number of epoch ms/],
      // an impossible date (F4): it was read as 2 March
      ['time,cpu.total\n2026-02-30T00:00:00Z,5\n', /x\.csv:2:1: column "time": "2026-02-30T00:00:00Z" is not a date: February 2026 has 28 days/],
      ['time,cpu.total\n', /x\.csv: no rows after the header/],
    ]
    for (const [text, message] of cases) {
      fs.writeFileSync(f, text)
      const r = await runToEnd(['history', 'import', f, '--data-dir', dir])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(message)
    }
    expect(fs.existsSync(path.join(dir, 'gapwatch.db'))).toBe(false)
  })
})
