// A split file's range, the worker's side (engine/pool/output-turn.ts): its zones are held; the
// host's `fill` (sent as soon as the merge is done) formats its rows ahead of the turn, and the turn
// then writes those bytes; a range without an early fill is formatted at its turn; a dropped range
// writes nothing. Written to a temp file standing for the shared output.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dropRange, fillRange, holdRange, writeRange } from '../../../../electron/engine/pool/output-turn.ts'
import type { WorkerMessage } from '../../../../electron/engine/pool/protocol.ts'
import type { SegmentZones } from '../../../../electron/engine/fvg/segments.ts'
import { formatRange, type RangeFill } from '../../../../electron/engine/pool/range-output.ts'
import { tempDir } from '../../../helpers/temp.ts'

const zones: SegmentZones = {
  index: Int32Array.from([3, 7, 11]), direction: Int8Array.from([1, -1, 1]),
  top: Float64Array.from([1.5, 2.25, 3.125]), bottom: Float64Array.from([1.25, 2, 3]),
  mitigatedIndex: Int32Array.from([5, -1, -1]), time: Float64Array.from([3e3, 7e3, 11e3]),
  mitigatedTime: Float64Array.from([5e3, NaN, NaN]),
}
const none = { fixRow: new Int32Array(0), fixIndex: new Int32Array(0), fixTime: new Float64Array(0) }
/** The merge's decision: zone 1 is mitigated by a later range's candle 40. */
const fill: RangeFill = { shift: 100, first: false, fixRow: Int32Array.from([1]), fixIndex: Int32Array.from([140]), fixTime: Float64Array.from([40e3]) }

/** The rows with the fill: candle numbers moved by 100, zone 1 mitigated at 140, zone 2 still open. */
const rows = {
  json: ',{"index":103,"time":3000,"direction":1,"top":1.5,"bottom":1.25,"mitigatedIndex":105,"mitigatedTime":5000}' +
    ',{"index":107,"time":7000,"direction":-1,"top":2.25,"bottom":2,"mitigatedIndex":140,"mitigatedTime":40000}' +
    ',{"index":111,"time":11000,"direction":1,"top":3.125,"bottom":3,"mitigatedIndex":null,"mitigatedTime":null}',
  csv: 'S,103,1970-01-01T00:00:03.000Z,1,1.5,1.25,105,1970-01-01T00:00:05.000Z\n' +
    'S,107,1970-01-01T00:00:07.000Z,-1,2.25,2,140,1970-01-01T00:00:40.000Z\n' +
    'S,111,1970-01-01T00:00:11.000Z,1,3.125,3,,\n',
}

const fds: number[] = []
afterEach(() => {
  for (const fd of fds.splice(0)) fs.closeSync(fd)
})

function output() {
  const file = path.join(tempDir('gw-output-turn-'), 'out')
  const fd = fs.openSync(file, 'w')
  fds.push(fd)
  return { fd, text: () => fs.readFileSync(file, 'utf8') }
}

describe('a held range, the worker side', () => {
  for (const format of ['json', 'csv'] as const) {
    it(`${format}: the early fill is what its turn writes`, async () => {
      const sent: WorkerMessage[] = []
      const out = output()
      holdRange(1, { order: 0, range: 1 }, format, 'S', zones, (m) => void sent.push(m))
      fillRange(1, fill)
      // The turn's fill is the same in the CLI; a different one here shows the early fill is written.
      await writeRange(1, { ...fill, shift: 0, ...none }, (m) => void sent.push(m), out.fd)
      expect(out.text()).toBe(rows[format])
      expect(sent).toEqual([{ type: 'part-held', jobId: 1, order: 0, range: 1 }, { type: 'part-written', jobId: 1, wrote: true }])
    })
  }

  it('fills at its turn without an early fill, and writes nothing once dropped', async () => {
    const sent: WorkerMessage[] = []
    const out = output()
    holdRange(2, { order: 0, range: 0 }, 'json', 'S', zones, () => {})
    await writeRange(2, fill, (m) => void sent.push(m), out.fd)
    expect(out.text()).toBe(rows.json)
    holdRange(3, { order: 1, range: 0 }, 'json', 'S', zones, () => {})
    fillRange(3, fill)
    dropRange(3)
    fillRange(3, fill) // a fill after the drop holds nothing again
    await writeRange(3, fill, (m) => void sent.push(m), out.fd)
    expect(sent).toEqual([{ type: 'part-written', jobId: 2, wrote: true }, { type: 'part-written', jobId: 3, wrote: false }])
  })

  it('writes the same rows after its formatter warmed up on them while it waited for the fill', async () => {
    // Enough rows for several warm-up slices (output-turn.ts formats the first ones and throws them away).
    const n = 40_000
    const big: SegmentZones = {
      index: Int32Array.from({ length: n }, (_, k) => 3 * k + 2), direction: Int8Array.from({ length: n }, (_, k) => (k % 3 ? 1 : -1)),
      top: Float64Array.from({ length: n }, (_, k) => 1.1 + k / 1e5), bottom: Float64Array.from({ length: n }, (_, k) => 1 + k / 1e5),
      mitigatedIndex: Int32Array.from({ length: n }, (_, k) => (k % 5 ? 3 * k + 7 : -1)), time: Float64Array.from({ length: n }, (_, k) => 6e4 * (3 * k + 2)),
      mitigatedTime: Float64Array.from({ length: n }, (_, k) => (k % 5 ? 6e4 * (3 * k + 7) : NaN)),
    }
    const bigFill: RangeFill = { shift: 1000, first: true, fixRow: Int32Array.from([0]), fixIndex: Int32Array.from([200_000]), fixTime: Float64Array.from([1.2e10]) }
    const expected = Buffer.from(formatRange('csv', 'S', big, bigFill)).toString()
    const out = output()
    holdRange(5, { order: 0, range: 0 }, 'csv', 'S', big, () => {})
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve)) // the warm-up's turns
    await writeRange(5, bigFill, () => {}, out.fd)
    expect(out.text()).toBe(expected)
  })

  it('writes nothing and says so (not an output error) when the fill does not match its zones, so the CLI rescans the range', async () => {
    const sent: WorkerMessage[] = []
    const out = output()
    const bad: RangeFill = { ...fill, fixRow: Int32Array.from([0]) } // zone 0 is not open
    holdRange(4, { order: 0, range: 0 }, 'csv', 'S', zones, () => {})
    fillRange(4, bad) // cannot format it ahead: the range stays held
    await writeRange(4, bad, (m) => void sent.push(m), out.fd)
    expect(out.text()).toBe('')
    expect(sent).toEqual([{ type: 'part-written', jobId: 4, wrote: false }])
  })
})

describe('formatRange', () => {
  it('formats the rows as the merged file has them, and leaves the held zones as they were', () => {
    const before = structuredClone(zones)
    expect(Buffer.from(formatRange('json', 'S', zones, fill)).toString()).toBe(rows.json)
    expect(Buffer.from(formatRange('csv', 'S', zones, fill)).toString()).toBe(rows.csv)
    expect(zones).toEqual(before)
    expect(Buffer.from(formatRange('json', 'S', zones, { ...fill, first: true })).toString()).toBe(rows.json.slice(1))
  })

  it('refuses a fill that fixes a row which is not an open zone of the range', () => {
    expect(() => formatRange('json', 'S', zones, { ...fill, fixRow: Int32Array.from([0]) })).toThrow(/row 0/)
    expect(() => formatRange('json', 'S', zones, { ...fill, fixRow: Int32Array.from([3]) })).toThrow(/row 3/)
  })
})
