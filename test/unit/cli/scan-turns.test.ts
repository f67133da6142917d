// The CLI's side of streamed output (cli/scan-turns.ts, cli/scan-split-out.ts), on fake worker
// handles (the real processes are in test/integration/cli/scan-stream-output.test.ts, which cannot
// time a worker's death between its job and its turn): turn messages never reach the pool; a worker
// that ends holding a part loses nothing; one that ends while writing breaks the output; a split
// file's range whose worker is gone is formatted in this process, the same bytes. Nothing is kept
// once a file is done: no wait for its worker, no range without rows (in the worker or here).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { OutputTurns } from '../../../electron/cli/scan-turns.ts'
import { streamScan } from '../../../electron/cli/scan-stream.ts'
import { handleHostMessage } from '../../../electron/engine/pool/worker-loop.ts'
import { runScanJob } from '../../../electron/engine/pool/scan-job.ts'
import { generateCandles, writeCandlesCsv } from '../../../electron/engine/market/index.ts'
import { tempDir } from '../../helpers/temp.ts'
import { writeSplitPart } from '../../../electron/cli/scan-split-out.ts'
import { OutputWriteError } from '../../../electron/engine/pool/output-turn.ts'
import type { HostMessage, ScanJobResult, WorkerMessage } from '../../../electron/engine/pool/protocol.ts'
import type { WorkerHandle } from '../../../electron/engine/pool/worker-host.ts'
import { ObservedHost } from '../../../electron/engine/pool/observed-host.ts'
import { formatFilePart } from '../../../electron/engine/pool/scan-output.ts'
import type { RangeFill } from '../../../electron/engine/pool/range-output.ts'

/** A worker handle driven by the test: what it was sent, and messages and exits on demand. */
function fakeWorker() {
  const sent: HostMessage[] = []
  const listeners: Array<(m: WorkerMessage) => void> = []
  const exits: Array<(code: number | null, signal: string | null) => void> = []
  const handle: WorkerHandle = {
    pid: 1,
    send: (m) => void sent.push(m),
    onMessage: (l) => void listeners.push(l),
    onExit: (l) => void exits.push(l),
    kill: () => {},
  }
  return { handle, sent, say: (m: WorkerMessage) => listeners.forEach((l) => l(m)), exit: (signal: string) => exits.forEach((l) => l(null, signal)) }
}

function keeper() {
  const turns = new OutputTurns()
  const workers: ReturnType<typeof fakeWorker>[] = []
  const host = new ObservedHost({ spawn: () => (workers.push(fakeWorker()), workers[workers.length - 1].handle) }, [turns])
  const seen: WorkerMessage[] = []
  const spawn = () => {
    host.spawn().onMessage((m) => seen.push(m))
    return workers[workers.length - 1]
  }
  return { turns, spawn, seen }
}

describe('OutputTurns', () => {
  it('takes turn-wait to itself, gives the turn, and lets the result through to the pool', async () => {
    const { turns, spawn, seen } = keeper()
    const w = spawn()
    const ready = turns.ready(0)
    expect(turns.holds(0)).toBe(false)
    w.say({ type: 'turn-wait', jobId: 7, order: 0 })
    await ready
    expect(seen).toEqual([])
    expect(turns.holds(0)).toBe(true)
    const lost = turns.grant(0)
    expect(w.sent).toEqual([{ type: 'turn', jobId: 7 }])
    w.say({ type: 'progress', jobId: 8, stage: 'load', fraction: 0 })
    w.say({ type: 'result', jobId: 7, result: {} as ScanJobResult })
    expect(seen.map((m) => m.type)).toEqual(['progress', 'result'])
    let rejected = false
    lost.catch(() => (rejected = true))
    w.exit('SIGKILL') // after its result: the output is whole
    await new Promise((resolve) => setImmediate(resolve))
    expect(rejected).toBe(false)
  })

  it('forgets a part whose worker ended before its turn (the pool retries it), and fails one whose worker ended while writing', async () => {
    const { turns, spawn } = keeper()
    const a = spawn()
    a.say({ type: 'turn-wait', jobId: 1, order: 0 })
    a.exit('SIGKILL')
    expect(turns.holds(0)).toBe(false)
    const b = spawn()
    b.say({ type: 'turn-wait', jobId: 1, order: 0 })
    const lost = turns.grant(0)
    b.exit('SIGKILL')
    await expect(lost).rejects.toThrow(new OutputWriteError('WORKER_EXIT', 'the worker process writing it ended (SIGKILL)'))
  })

  it('fails a write error with its code (EPIPE: the reader went away)', async () => {
    const { turns, spawn, seen } = keeper()
    const w = spawn()
    w.say({ type: 'turn-wait', jobId: 3, order: 2 })
    const lost = turns.grant(2)
    w.say({ type: 'error', jobId: 3, message: 'Writing the output: EPIPE: broken pipe, write', output: 'EPIPE' })
    await expect(lost).rejects.toMatchObject({ code: 'EPIPE' })
    expect(seen.map((m) => m.type)).toEqual(['error'])
  })
})

describe('OutputTurns: a split file\'s ranges', () => {
  const fill: RangeFill = { shift: 10, first: true, fixRow: new Int32Array(0), fixIndex: new Int32Array(0), fixTime: new Float64Array(0) }

  it('gives a held range its turn with the fill and resolves when written; a range no worker holds any more is null', async () => {
    const { turns, spawn, seen } = keeper()
    const a = spawn()
    const b = spawn()
    a.say({ type: 'part-held', jobId: 4, order: 1, range: 0 })
    b.say({ type: 'part-held', jobId: 5, order: 1, range: 1 })
    b.exit('SIGKILL') // after its job: its rows are gone, the CLI formats them
    const written = turns.grantRange(1, 0, fill)!
    expect(a.sent).toEqual([{ type: 'turn', jobId: 4, fill }])
    a.say({ type: 'part-written', jobId: 4, wrote: true })
    await expect(written).resolves.toBe(true)
    expect(turns.grantRange(1, 1, fill)).toBeNull()
    expect(seen).toEqual([])
  })

  it('sends a held range its fill ahead of its turn; a range no worker holds gets none', () => {
    const { turns, spawn, seen } = keeper()
    const a = spawn()
    const b = spawn()
    a.say({ type: 'part-held', jobId: 4, order: 1, range: 0 })
    b.say({ type: 'part-held', jobId: 5, order: 1, range: 1 })
    turns.prepareRange(1, 0, fill)
    turns.prepareRange(1, 1, fill)
    turns.prepareRange(1, 2, fill)
    expect(a.sent).toEqual([{ type: 'fill', jobId: 4, fill }])
    expect(b.sent).toEqual([{ type: 'fill', jobId: 5, fill }])
    // The turn still follows, with the fill (a worker that could not prepare fills then).
    void turns.grantRange(1, 0, fill)
    expect(a.sent[1]).toEqual({ type: 'turn', jobId: 4, fill })
    expect(seen).toEqual([])
  })

  it('fails a range whose worker ends while writing it, and drops the ranges of a file that failed', async () => {
    const { turns, spawn } = keeper()
    const a = spawn()
    a.say({ type: 'part-held', jobId: 4, order: 0, range: 0 })
    a.say({ type: 'part-held', jobId: 6, order: 2, range: 0 })
    a.say({ type: 'part-held', jobId: 7, order: 2, range: 1 })
    const written = turns.grantRange(0, 0, fill)!
    turns.drop(2)
    expect(a.sent.slice(1)).toEqual([{ type: 'drop', jobId: 6 }, { type: 'drop', jobId: 7 }])
    expect(turns.grantRange(2, 1, fill)).toBeNull()
    a.exit('SIGKILL')
    await expect(written).rejects.toMatchObject({ code: 'WORKER_EXIT' })
  })
})

describe('streamScan and a split file', () => {
  it('sends its ranges their fills as soon as its merged result is in, while an earlier file is still scanning', async () => {
    const zones = {
      index: Int32Array.from([2, 9]), direction: Int8Array.from([1, 1]), top: Float64Array.from([1.5, 3]),
      bottom: Float64Array.from([1.25, 2.5]), mitigatedIndex: Int32Array.from([5, -1]), time: Float64Array.from([2e3, 9e3]),
      mitigatedTime: Float64Array.from([5e3, NaN]),
    }
    const none = { fixRow: new Int32Array(0), fixIndex: new Int32Array(0), fixTime: new Float64Array(0) }
    const ranges = [{ rows: 1, shift: 0, first: true, ...none }, { rows: 0, shift: 6, first: false, ...none }, { rows: 1, shift: 8, first: false, ...none }]
    const split = { symbol: 'S', candles: 14, fvgs: 2, zones, ranges } as unknown as ScanJobResult
    const calls: string[] = []
    let releaseFirst = () => {}
    const first = new Promise<ScanJobResult>((resolve) => (releaseFirst = () => resolve({ ...split, ranges: undefined })))
    const done = streamScan({
      format: 'json', files: ['A.csv', 'S.csv'], window: 2, write: () => {}, onError: () => {},
      scan: (i) => (i === 0 ? first : Promise.resolve(split)),
      stats: (t) => ({ files: t.files, failed: t.failed, workers: 2, candles: t.candles, fvgs: t.fvgs, wallMs: 1, candlesPerSec: 1, balance: 1 }),
      turns: {
        ready: () => new Promise(() => {}), holds: () => false, grant: () => new Promise(() => {}), drop: () => {},
        prepareRange: (o, r) => void calls.push(`fill ${o}/${r}`),
        grantRange: (o, r) => (calls.push(`turn ${o}/${r}`), null),
      },
    })
    await expect.poll(() => calls).toEqual(['fill 1/0', 'fill 1/2']) // a range without rows has nothing to fill
    releaseFirst()
    await done
    expect(calls).toEqual(['fill 1/0', 'fill 1/2', 'turn 1/0', 'turn 1/2'])
  })
})

describe('OutputTurns: nothing kept once a file is done', () => {
  const fill: RangeFill = { shift: 0, first: true, fixRow: new Int32Array(0), fixIndex: new Int32Array(0), fixTime: new Float64Array(0) }

  it('forgets the wait for a file whose result came first, and makes the workers free the ranges never granted', async () => {
    const { turns, spawn } = keeper()
    const a = spawn()
    void turns.ready(0) // file 0's result comes before any worker holds its part
    a.say({ type: 'part-held', jobId: 4, order: 1, range: 0 })
    a.say({ type: 'part-held', jobId: 5, order: 1, range: 1 })
    const written = turns.grantRange(1, 0, fill)!
    a.say({ type: 'part-written', jobId: 4, wrote: true })
    await written
    expect(turns.kept).toBe(2)
    turns.drop(0)
    turns.drop(1) // range 1 had no rows: never granted
    expect(a.sent.slice(1)).toEqual([{ type: 'drop', jobId: 5 }])
    expect(turns.kept).toBe(0)
  })

  it('streamScan leaves no wait behind for files that were not streamed or failed', async () => {
    const turns = new OutputTurns()
    const failed: number[] = []
    await streamScan({
      format: 'json', files: ['G0', 'G1', 'G2'], window: 2, turns, write: () => {},
      scan: (i) => i === 1
        ? Promise.reject(new Error('bad file'))
        : runScanJob({ kind: 'scan', symbol: `G${i}`, source: { kind: 'generated', seed: i + 1, count: 200, intervalMs: 60_000, startPrice: 100 }, options: {}, output: { format: 'json', file: `G${i}` } }),
      onError: (i) => void failed.push(i),
      stats: (t) => ({ files: t.files, failed: t.failed, workers: 1, candles: t.candles, fvgs: t.fvgs, wallMs: 1, candlesPerSec: 1, balance: 1 }),
    })
    expect(failed).toEqual([1])
    expect(turns.kept).toBe(0)
  })
})

describe('a worker\'s split-file ranges', () => {
  /** Runs a range job over all of `csv` in this process, as a worker; the messages it sent. */
  async function rangeJob(csv: string, jobId: number) {
    const sent: WorkerMessage[] = []
    const { size, mtimeMs } = fs.statSync(csv)
    const spec = {
      kind: 'scan' as const, symbol: 'R', source: { kind: 'file' as const, path: csv }, options: {},
      fileRange: { start: 0, end: size, size, mtimeMs }, output: { format: 'json' as const, file: 'R.csv', stream: 0, range: 0 },
    }
    await handleHostMessage({ type: 'job', jobId, spec }, (m) => void sent.push(m))
    return sent.map((m) => m.type)
  }

  it('keeps a range with zones for its turn, and none without (no turn ever comes to free it)', async () => {
    const dir = tempDir('gw-range-hold-')
    const some = path.join(dir, 'some.csv')
    writeCandlesCsv(some, generateCandles({ seed: 2, count: 300, intervalMs: 60_000, startPrice: 100 }))
    const none = path.join(dir, 'none.csv')
    writeCandlesCsv(none, generateCandles({ seed: 2, count: 2, intervalMs: 60_000, startPrice: 100 })) // too short for a gap
    expect(await rangeJob(some, 1)).toContain('part-held')
    await handleHostMessage({ type: 'drop', jobId: 1 }, () => {})
    const types = await rangeJob(none, 2)
    expect(types).toContain('result')
    expect(types).not.toContain('part-held')
  })
})

describe('writeSplitPart', () => {
  const zones = {
    index: Int32Array.from([2, 5, 9, 12]), direction: Int8Array.from([1, -1, 1, -1]),
    top: Float64Array.from([1.5, 2.25, 3, 4.125]), bottom: Float64Array.from([1.25, 2, 2.5, 4]),
    mitigatedIndex: Int32Array.from([5, -1, 11, -1]), time: Float64Array.from([2e3, 5e3, 9e3, 12e3]),
    mitigatedTime: Float64Array.from([5e3, NaN, 11e3, NaN]),
  }
  const result = { symbol: 'S', candles: 14, fvgs: 4, zones } as unknown as ScanJobResult
  const none = { fixRow: new Int32Array(0), fixIndex: new Int32Array(0), fixTime: new Float64Array(0) }
  const fills: Array<RangeFill & { rows: number }> = [
    { rows: 2, shift: 0, first: true, ...none }, { rows: 0, shift: 6, first: false, ...none }, { rows: 2, shift: 8, first: false, ...none },
  ]

  for (const format of ['json', 'csv'] as const) {
    it(`${format}: formats here, from the merged zones, the ranges no worker holds`, async () => {
      const out: Buffer[] = []
      const granted: number[] = []
      await writeSplitPart({
        format, file: 'S.csv', order: 4, write: (b) => void out.push(Buffer.from(b)),
        turns: { ready: async () => {}, holds: () => false, grant: () => new Promise(() => {}), grantRange: (_o, r) => (granted.push(r), null), prepareRange: () => {}, drop: () => {} },
      }, { ...result, ranges: fills })
      expect(granted).toEqual([0, 2]) // a range without rows has no turn
      expect(Buffer.concat(out).toString()).toBe(Buffer.from(formatFilePart(format, 'S.csv', result).bytes).toString())
    })
  }

  it('fails when a range worker\'s write fails, without formatting that range again', async () => {
    const out: Buffer[] = []
    const err = new OutputWriteError('ENOSPC', 'Writing the output: ENOSPC: no space left on device, write')
    await expect(writeSplitPart({
      format: 'csv', file: 'S.csv', order: 0, write: (b) => void out.push(Buffer.from(b)),
      turns: { ready: async () => {}, holds: () => false, grant: () => new Promise(() => {}), grantRange: () => Promise.reject(err), prepareRange: () => {}, drop: () => {} },
    }, { ...result, ranges: fills })).rejects.toBe(err)
    expect(Buffer.concat(out).length).toBe(0)
  })
})
