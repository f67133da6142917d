// A split file's range, the worker's side (engine/pool/output-turn.ts): its rows are held as a
// template; the host's `fill` (sent as soon as the merge is done) fills them ahead of the turn, and
// the turn then writes those bytes; a range without an early fill is filled at its turn; a dropped
// range writes nothing. Written to a temp file standing for the shared output.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dropRange, fillRange, holdRange, writeRange } from '../../../../electron/engine/pool/output-turn.ts'
import type { WorkerMessage, ZoneColumns } from '../../../../electron/engine/pool/protocol.ts'
import { buildRangeTemplate, fillRangeTemplate, type RangeFill } from '../../../../electron/engine/pool/range-output.ts'
import { tempDir } from '../../../helpers/temp.ts'

const zones: ZoneColumns = {
  index: Int32Array.from([3, 7, 11]), direction: Int8Array.from([1, -1, 1]),
  top: Float64Array.from([1.5, 2.25, 3.125]), bottom: Float64Array.from([1.25, 2, 3]),
  mitigatedIndex: Int32Array.from([5, -1, -1]), time: Float64Array.from([3e3, 7e3, 11e3]),
  mitigatedTime: Float64Array.from([5e3, NaN, NaN]),
}
const none = { fixRow: new Int32Array(0), fixIndex: new Int32Array(0), fixTime: new Float64Array(0) }
/** The merge's decision: zone 1 is mitigated by a later range's candle 40. */
const fill: RangeFill = { shift: 100, first: false, fixRow: Int32Array.from([1]), fixIndex: Int32Array.from([140]), fixTime: Float64Array.from([40e3]) }

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
    it(`${format}: the early fill is what its turn writes`, () => {
      const sent: WorkerMessage[] = []
      const out = output()
      holdRange(1, { order: 0, range: 1 }, format, 'S', zones, (m) => void sent.push(m))
      fillRange(1, fill)
      // The turn's fill is the same in the CLI; a different one here shows the early fill is written.
      writeRange(1, { ...fill, shift: 0, ...none }, (m) => void sent.push(m), out.fd)
      const expected = Buffer.from(fillRangeTemplate(buildRangeTemplate(format, 'S', zones), fill)).toString()
      expect(out.text()).toBe(expected)
      expect(expected).toContain(format === 'json' ? '"index":107' : ',107,')
      expect(sent).toEqual([{ type: 'part-held', jobId: 1, order: 0, range: 1 }, { type: 'part-written', jobId: 1, wrote: true }])
    })
  }

  it('fills at its turn without an early fill, and writes nothing once dropped', () => {
    const sent: WorkerMessage[] = []
    const out = output()
    holdRange(2, { order: 0, range: 0 }, 'json', 'S', zones, () => {})
    writeRange(2, fill, (m) => void sent.push(m), out.fd)
    expect(out.text()).toBe(Buffer.from(fillRangeTemplate(buildRangeTemplate('json', 'S', zones), fill)).toString())
    holdRange(3, { order: 1, range: 0 }, 'json', 'S', zones, () => {})
    fillRange(3, fill)
    dropRange(3)
    fillRange(3, fill) // a fill after the drop holds nothing again
    writeRange(3, fill, (m) => void sent.push(m), out.fd)
    expect(sent).toEqual([{ type: 'part-written', jobId: 2, wrote: true }, { type: 'part-written', jobId: 3, wrote: false }])
  })
})
