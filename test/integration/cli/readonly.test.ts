// Read-only commands while the app runs (issue 10): with an engine holding the data directory's
// writer lock, `history export`, `rules backtest` and `cost` open the database read-only (no
// migrations, no raw-log replay or truncation, no writes) and say the current hour is left out;
// `history import`, a writer, is still refused.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../electron/engine/engine.ts'
import { runToEnd } from '../../helpers/serve.ts'
import { tempDir } from '../../helpers/temp.ts'
import { NO_GPU } from '../../helpers/gpu.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop()
})

const stat = (f: string) => {
  const s = fs.statSync(f)
  return [s.size, s.mtimeMs]
}

describe('read-only commands while the engine runs', () => {
  it('export, backtest, cost and report read the closed hours; import is refused; nothing is written', async () => {
    const dir = tempDir()
    const e = new Engine({ dataDir: dir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    engines.push(e)
    // three closed hours of CPU at 50 % (in SQLite), and samples of the open hour (only in the raw log)
    const hourStart = Math.floor(Date.now() / HOUR) * HOUR
    for (let t = hourStart - 3 * HOUR; t < hourStart; t += MINUTE) e.metrics.append(t, [['cpu.total', 50], ['mem.used', 4e9]])
    e.metrics.append(hourStart, [['cpu.total', 99], ['mem.used', 4e9]])
    expect(e.metrics.flush()).toBe(true)
    const files = ['gapwatch.db', 'gapwatch.db-rawlog'].map((f) => path.join(dir, f))
    const before = files.map(stat)

    const from = new Date(hourStart - 3 * HOUR).toISOString()
    const to = new Date(hourStart + MINUTE).toISOString()
    const exp = await runToEnd(['history', 'export', '--metrics', 'cpu.total', '--from', from, '--to', to, '--step', '1h', '--data-dir', dir])
    expect(exp.code, exp.stderr).toBe(0)
    expect(exp.stderr).toContain('opened read-only: the current hour of samples')
    const rows = exp.stdout.trim().split('\n').slice(1)
    // the closed hours, all at 50 %; the open hour's 99 % (only in the running engine's raw log) is not there
    expect(rows.length).toBeGreaterThanOrEqual(3)
    expect(new Set(rows.map((r) => Number(r.split(',')[1])))).toEqual(new Set([50]))
    expect(Math.max(...rows.map((r) => Date.parse(r.split(',')[0])))).toBeLessThan(hourStart)

    const rulesFile = path.join(tempDir(), 'rules.yaml')
    fs.writeFileSync(rulesFile, "rules:\n  - name: busy\n    metric: cpu.total\n    op: '>'\n    threshold: 40\n")
    const bt = await runToEnd(['rules', 'backtest', rulesFile, '--from', from, '--to', to, '--json', '--data-dir', dir])
    expect(bt.code, bt.stderr).toBe(0)
    const firings = JSON.parse(bt.stdout) as Array<{ rule: string; start: string }>
    expect(firings.map((f) => [f.rule, f.start])).toEqual([['busy', from]])

    const cost = await runToEnd(['cost', '--json', '--cores', '8', '--memory-gb', '32', '--price-cpu-month', '10', '--price-gb-month', '2', '--data-dir', dir])
    expect(cost.code, cost.stderr).toBe(0)
    expect(JSON.parse(cost.stdout)).toMatchObject({ confidence: { hours: 3 }, utilisation: { cpuCores: { avg: 4 } } })

    const rep = await runToEnd(['report', '--from', from, '--to', to, '--data-dir', dir])
    expect(rep.code, rep.stderr).toBe(0)
    expect(rep.stderr).toContain('opened read-only')
    expect(JSON.parse(rep.stdout)).toBeTypeOf('object')

    const csv = path.join(tempDir(), 'in.csv')
    fs.writeFileSync(csv, `time,cpu.total\n${hourStart - 5 * HOUR},10\n`)
    const imp = await runToEnd(['history', 'import', csv, '--data-dir', dir])
    expect(imp.code).not.toBe(0)
    expect(imp.stderr).toMatch(/is already using the data directory/)

    expect(files.map(stat)).toEqual(before)
  }, 60_000)
})
