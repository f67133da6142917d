// A split file's part as its ranges' workers write it (range-output.ts): each range's zones kept,
// formatted with what the merge decided (file-merge.ts rangeFills) and put between the part's head
// and tail, equal the whole file's part byte for byte; so does formatting a range from the merged
// zones (the CLI's fallback when a range's worker is gone).
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { GroupPart } from '../../../../electron/engine/pool/job-group.ts'
import { ownedGroup } from '../../../helpers/job-group.ts'
import { runScanJob } from '../../../../electron/engine/pool/scan-job.ts'
import { formatRange, keepOpenZones } from '../../../../electron/engine/pool/range-output.ts'
import { formatFilePart, formatZoneRows, partHead, partTail, tableRow } from '../../../../electron/engine/pool/scan-output.ts'
import { writeSplitPart } from '../../../../electron/cli/scan-split-out.ts'
import { NO_SPLIT } from '../../../../electron/engine/pool/split.ts'
import type { ScanJobResult, ScanJobSpec } from '../../../../electron/engine/pool/protocol.ts'
import type { SegmentZones } from '../../../../electron/engine/fvg/segments.ts'
import { generateCandles, writeCandlesCsv } from '../../../../electron/engine/market/index.ts'
import { tempDir } from '../../../helpers/temp.ts'

const enc = new TextEncoder()

describe('a split file formatted by its ranges', () => {
  it('equals the whole file\'s part for JSON and CSV, on options that split, with zones mitigated across ranges', async () => {
    const dir = tempDir('gw-range-out-')
    let fixes = 0
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 1000 }),
      fc.constantFrom('json' as const, 'csv' as const),
      fc.constantFrom('touch', 'full-wick', 'full-close', 'half'),
      fc.constantFrom('body', 'close-beyond', 'none'),
      fc.integer({ min: 10_240, max: 51_200 }), // ranges of 10–51 kB
      async (seed, format, mitigation, middle, rangeBytes) => {
        const file = path.join(dir, `R${seed}.csv`)
        writeCandlesCsv(file, generateCandles({ seed, count: 3000, intervalMs: 60_000, startPrice: 100 }))
        const name = `data/R,"${seed}".csv` // a name JSON escapes and a symbol CSV quotes
        const spec: ScanJobSpec = {
          kind: 'scan', symbol: `R,"${seed}"`, source: { kind: 'file', path: file }, options: { mitigation, middle },
          output: { format, file: name, stream: 0 },
        }
        const whole = await runScanJob({ ...spec, output: { format, file: name } })
        const { group, calls } = ownedGroup<GroupPart>(spec, { ...NO_SPLIT, rangeBytes }, (seg) => ({ spec: seg, info: { state: 'queued', progress: 0 } }))!
        expect(group.parts.length).toBeGreaterThan(2)
        // Each range's worker keeps its zones and sends its result (a copy: the merge shifts it).
        const held: SegmentZones[] = []
        for (const part of group.parts) {
          expect(part.spec.output?.range).toBe(held.length)
          const r = await runScanJob(part.spec)
          held.push(r.zones!)
          await group.partDone(part, structuredClone(r)) // as over IPC: the worker's zones stay its own
        }
        expect(calls.failed).toEqual([])
        const merged = calls.done[0]
        const fills = merged!.ranges!
        expect(fills).toHaveLength(held.length)
        const bytes: Uint8Array[] = [enc.encode(partHead(format, name, merged!))]
        let k0 = 0
        for (let r = 0; r < fills.length; r++) {
          const filled = formatRange(format, spec.symbol, held[r], fills[r])
          // The fallback: the same rows formatted from the merged zones.
          expect(Buffer.from(filled).toString(), `range ${r}`).toBe(Buffer.from(formatZoneRows(format, spec.symbol, merged!.zones!, k0, k0 + fills[r].rows, fills[r].first)).toString())
          bytes.push(filled)
          k0 += fills[r].rows
          fixes += fills[r].fixRow.length
        }
        bytes.push(enc.encode(partTail(format)))
        expect(Buffer.concat(bytes).toString('utf8')).toBe(Buffer.from(whole.output!.bytes).toString('utf8'))
        expect(Buffer.concat(bytes).equals(Buffer.from(formatFilePart(format, name, merged!).bytes))).toBe(true)
      },
    ), { numRuns: 25 })
    // The property covered zones that only a later range mitigates.
    expect(fixes).toBeGreaterThan(0)
  })
})

describe('a split file whose ranges send back their open zones only', () => {
  it('merges into the same fills and counts, and a range whose worker is gone is scanned again to the same bytes', async () => {
    const dir = tempDir('gw-range-lean-')
    let fixes = 0
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 1000 }),
      fc.constantFrom('json' as const, 'csv' as const),
      fc.constantFrom('touch', 'full-wick', 'full-close', 'half'),
      fc.integer({ min: 10_240, max: 51_200 }), // range bytes
      fc.integer({ min: 0, max: 7 }), // which ranges' workers are gone (bit r: range r)
      async (seed, format, mitigation, rangeBytes, gone) => {
        const file = path.join(dir, `L${seed}.csv`)
        writeCandlesCsv(file, generateCandles({ seed, count: 3000, intervalMs: 60_000, startPrice: 100 }))
        const spec: ScanJobSpec = {
          kind: 'scan', symbol: `L${seed}`, source: { kind: 'file', path: file }, options: { mitigation },
          returnZones: false, output: { format, file, stream: 0 },
        }
        const whole = await runScanJob({ ...spec, returnZones: true, output: { format, file } })
        const plan = (s: ScanJobSpec) => ownedGroup<GroupPart>(s, { ...NO_SPLIT, rangeBytes }, (seg) => ({ spec: seg, info: { state: 'queued', progress: 0 } }))!
        const { group: full, calls: fullCalls } = plan(spec)
        const { group: lean, calls: leanCalls } = plan(spec)
        const held: SegmentZones[] = []
        for (let i = 0; i < full.parts.length; i++) {
          const r = await runScanJob(full.parts[i].spec)
          held.push(r.zones!)
          const sent = structuredClone(r)
          keepOpenZones(sent) // as the worker sends it
          expect(sent.zones!.index.length).toBeLessThanOrEqual(r.zones!.index.length)
          await full.partDone(full.parts[i], structuredClone(r))
          await lean.partDone(lean.parts[i], sent)
        }
        expect([...fullCalls.failed, ...leanCalls.failed]).toEqual([])
        const [fullMerged, leanMerged] = [fullCalls.done[0], leanCalls.done[0]]
        expect(leanMerged!.zones).toBeNull()
        const strip = ({ part: _part, ...e }: NonNullable<ScanJobResult['ranges']>[number]) => e
        expect(leanMerged!.ranges!.map(strip)).toEqual(fullMerged!.ranges)
        expect(leanMerged!.ranges!.map((e) => e.part)).toEqual(lean.parts.map((p) => p.spec))
        expect(tableRow(leanMerged!)).toEqual(tableRow(fullMerged!))
        fixes += leanMerged!.ranges!.reduce((a, e) => a + e.fixRow.length, 0)
        // The CLI writes the part: ranges whose worker is gone are scanned again in its process.
        const out: Buffer[] = []
        await writeSplitPart({
          format, file, order: 0, write: (b) => void out.push(Buffer.from(b)),
          turns: {
            ready: async () => {}, holds: () => false, grant: () => new Promise(() => {}), prepareRange: () => {}, drop: () => {},
            grantRange: (_o, r, fill) => {
              if (gone & (1 << r)) return null
              out.push(Buffer.from(formatRange(format, spec.symbol, held[r], fill))) // the worker writes it
              return Promise.resolve(true)
            },
          },
        }, leanMerged!)
        expect(Buffer.concat(out).toString('utf8')).toBe(Buffer.from(whole.output!.bytes).toString('utf8'))
      },
    ), { numRuns: 15 })
    expect(fixes).toBeGreaterThan(0)
  })
})
