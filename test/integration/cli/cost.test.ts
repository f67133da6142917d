// `gapwatch cost` on imported history: the JSON report (valid against the published --schema), the
// readable summary, and bad flags or files refused with exit 2 and the flag, file or line named.
import fs from 'node:fs'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { CostReportSchema } from '../../../shared/cost.ts'
import { runToEnd } from '../../helpers/serve.ts'
import { tempDir } from '../../helpers/temp.ts'

const trace = path.resolve(import.meta.dirname, '../../../resources/data/cost-trace.csv')
const base = ['--days', '7', '--to', '2026-11-30', '--cores', '16', '--memory-gb', '32']
let dir: string

describe('gapwatch cost', () => {
  beforeAll(async () => {
    dir = tempDir()
    const imp = await runToEnd(['history', 'import', trace, '--data-dir', dir])
    expect(imp.code).toBe(0)
  })

  it('--json: the report over the imported week, valid against --schema', async () => {
    const run = await runToEnd(['cost', '--data-dir', dir, ...base, '--price-cpu-month', '15', '--price-gb-month', '3', '--trades-per-day', '95', '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const report = CostReportSchema.parse(JSON.parse(run.stdout))
    expect(report.confidence).toEqual({ level: 'high', hours: 168, hoursUntilRecommendation: 0 })
    expect(report.current.monthlyCost).toBe(336) // 16 × 15 + 32 × 3
    const rec = report.recommended!
    // The recommendation follows from the utilisation it reports: p99.5 × 1.2 and peak × 1.15, rounded up.
    expect(rec.cores).toBe(Math.ceil(report.utilisation.cpuCores.p995 * 1.2))
    expect(rec.memoryGb).toBe(Math.ceil(report.utilisation.memoryGb.max * 1.15))
    expect(rec.monthlyCost).toBe(rec.cores * 15 + rec.memoryGb * 3)
    expect(report.savings!.monthly).toBeCloseTo(336 - rec.monthlyCost!, 2)
    expect(report.findings[0]).toMatch(/^Over-provisioned: at p99\.5 it uses [\d.]+ of 16 cores\.$/)

    const schema = await runToEnd(['cost', '--schema'])
    expect(schema.code).toBe(0)
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schema.stdout) as object)
    expect(validate(JSON.parse(run.stdout)), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...report, savings: 'lots' })).toBe(false)
  })

  it('prints a readable summary, and prices from a catalog', async () => {
    const run = await runToEnd(['cost', '--data-dir', dir, ...base, '--catalog', 'resources/cost-catalog.json', '--instance', 'm6i.4xlarge'], {}, path.resolve(import.meta.dirname, '../../..'))
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Cost over the last 7 days: 168 h of history, confidence high; catalog pricing in USD\./)
    expect(run.stdout).toMatch(/instance\s+m6i\.4xlarge\s+\S+/)
    expect(run.stdout).toMatch(/per month\s+\$560\.64\s+\$[\d.,]+/) // 0.768 × 730
    expect(run.stdout).toMatch(/^- Over-provisioned: /m)
  })

  it('prices a workstation: hardware amortised plus electricity at the estimated power', async () => {
    const run = await runToEnd(['cost', '--data-dir', dir, ...base, '--workstation-price', '3600', '--amortise-months', '36', '--kwh-price', '0.2', '--cpu-tdp-w', '100', '--base-w', '40', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const report = CostReportSchema.parse(JSON.parse(run.stdout))
    // 100 a month of hardware + (40 W + 100 W × CPU share) × 730 h × $0.20 / 1000.
    const watts = 40 + 100 * (report.utilisation.cpuCores.avg / 16)
    expect(report.current.monthlyCost).toBeCloseTo(100 + (watts / 1000) * 730 * 0.2, 1)
    expect(report.recommended!.monthlyCost).toBeNull()
    expect(report.findings).toContain(`Power is an estimate: about ${Math.round(watts)} W on average (idle base, CPU TDP × utilisation, GPU draw).`)
  })

  it('no history: no recommendation, and says how much is needed', async () => {
    const run = await runToEnd(['cost', '--data-dir', tempDir(), '--cores', '4', '--memory-gb', '8', '--json'])
    expect(run.code).toBe(0)
    const report = CostReportSchema.parse(JSON.parse(run.stdout))
    expect([report.recommended, report.savings, report.perTrade.recommended]).toEqual([null, null, null])
    expect(report.findings[0]).toBe('No history in the last 14 days: a recommendation needs 30 hours of samples.')
  })

  it('refuses bad flags and files with exit 2, naming them', async () => {
    const bad = async (args: string[], message: RegExp) => {
      const run = await runToEnd(['cost', '--data-dir', dir, ...args])
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(message)
    }
    await bad(['--headroom', '9'], /--headroom: Too big/)
    await bad(['--days', 'week'], /--days: "week" is not a whole number/)
    await bad(['--days', '94'], /--days: Too big/)
    await bad(['--cores', '4'], /--cores and --memory-gb go together/)
    await bad(['--price-cpu-month', '1', '--price-cpu-hour', '1'], /Choose one pricing/)
    await bad(['--price-cpu-month=-1', '--price-gb-month', '1'], /--price-cpu-month: Too small/)
    await bad(['--kwh-price', '0.2'], /--kwh-price prices a workstation: give --workstation-price too/)
    await bad(['--workstation-price', '3000', '--amortise-months', '0'], /--amortise-months: Too small/)
    const catalog = path.join(tempDir(), 'cat.json')
    fs.writeFileSync(catalog, JSON.stringify({ priceDate: 'yesterday', entries: [] }))
    await bad(['--catalog', catalog], new RegExp(`cat\\.json: priceDate: must be a date YYYY-MM-DD; entries: `))
    const trades = path.join(tempDir(), 'trades.csv')
    fs.writeFileSync(trades, 'date,count\n2026-11-20,12\n2026-11-21,lots\n')
    await bad(['--trades-csv', trades], /trades\.csv:3: expected "YYYY-MM-DD,count"/)
  })
})
