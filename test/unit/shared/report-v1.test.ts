// A dashboard previews, and the desktop prints, another engine's report through the hosts relay: an engine
// from before group PSS sends schema v1. test/fixtures/report-v1.json is such an engine's reply (the
// `gapwatch report --format json` of the checkout before schema v2, on the seeded history of
// test/integration/report/seed.ts without PSS; chart points cut to three per chart, the host renamed).
import fs from 'node:fs'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parseResult } from '../../../shared/client-core.ts'
import { REPORT_SCHEMA_VERSION, ReportSchema } from '../../../shared/report.ts'

const root = path.resolve(import.meta.dirname, '../../..')
const v1 = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/report-v1.json'), 'utf8')) as Record<string, unknown> & { processes: { byMemory: Array<{ name: string; rssBytes: unknown }> } }
const validate = new Ajv2020({ strict: true, allErrors: true, validateFormats: false }).compile(JSON.parse(fs.readFileSync(path.join(root, 'resources/report.schema.json'), 'utf8')))

describe('a v1 report (an engine from before group PSS)', () => {
  it('is not a report of the current schema', () => {
    expect(v1.schemaVersion).toBe(1)
    expect(ReportSchema.safeParse(v1).success).toBe(false)
  })

  it("is read as the current model, ranked by RSS as it was and saying why; the result is a valid report of today's schema", () => {
    const r = parseResult('report', v1)
    expect(r.schemaVersion).toBe(REPORT_SCHEMA_VERSION)
    expect(r.processes.byMemory.map((g) => [g.name, g.rssBytes, g.pssBytes])).toEqual(v1.processes.byMemory.map((g) => [g.name, g.rssBytes, { min: null, max: null, avg: null }]))
    expect(r.processes.memory).toMatchObject({ rankedBy: 'rss', pssFrom: null, withoutPss: [] })
    expect(r.processes.memory.note).toMatch(/^This report comes from an older Gapwatch engine \(report schema v1\), which reports no group PSS: memory is RSS summed per process/)
    expect(validate(r), JSON.stringify(validate.errors)).toBe(true)
    // Everything else is the v1 report's own.
    expect({ ...r, schemaVersion: 1, processes: null }).toEqual({ ...v1, processes: null })
  })

  it('a reply that is neither version is still refused, naming what is wrong', () => {
    expect(() => parseResult('report', { ...v1, schemaVersion: 3 })).toThrow(/Invalid reply to report: schemaVersion/)
    // A later schema is what a newer engine sends an older dashboard: the message says what to do.
    expect(() => parseResult('report', { ...v1, schemaVersion: 3 })).toThrow(/an engine newer than this dashboard can send what it does not know yet: update the dashboard\)$/)
    expect(() => parseResult('report', { ...v1, processes: { byCpu: [], byMemory: [{ name: 'x' }], note: '' } })).toThrow(/Invalid reply to report: processes\.byMemory\.0\.cpu/)
  })
})
