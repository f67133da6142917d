// A worker writing `gapwatch scan`'s output to a reader that stalls (a real pipe nobody reads for a
// while, as `gapwatch scan … | less` before a key is pressed): the worker keeps taking jobs while its
// write waits, and once the reader drains the pipe the bytes are every range's rows, in the order
// the turns were given (engine/pool/output-turn.ts writeAll). Real worker processes and a real FIFO,
// its write end non-blocking as Node leaves a pipe on standard output, or blocking.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeWorkerHost, type WorkerHandle } from '../../../electron/engine/pool/worker-host.ts'
import type { HostMessage, ScanJobSpec, WorkerMessage } from '../../../electron/engine/pool/protocol.ts'
import { runScanJob } from '../../../electron/engine/pool/scan-job.ts'
import { formatRange, type RangeFill } from '../../../electron/engine/pool/range-output.ts'
import { planCsvRanges } from '../../../electron/engine/market/csv-range.ts'
import { generateCandles, writeCandlesCsv } from '../../../electron/engine/market/index.ts'
import { defaultFvgOptions } from '../../../shared/fvg.ts'
import { tempDir } from '../../helpers/temp.ts'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c()
})

/** A worker forked with `fd` as its shared output, its messages recorded in arrival order. */
async function worker(fd: number) {
  const handle: WorkerHandle = nodeWorkerHost(undefined, { outputFd: fd, niceness: null }).spawn()
  cleanups.push(() => handle.kill())
  const got: WorkerMessage[] = []
  handle.onMessage((m) => void got.push(m))
  await expect.poll(() => got.some((m) => m.type === 'ready')).toBe(true)
  const seen = (type: WorkerMessage['type'], jobId: number) => got.some((m) => m.type === type && 'jobId' in m && m.jobId === jobId)
  return { got, seen, send: (m: HostMessage) => handle.send(m) }
}

/** A FIFO with its read end open (nobody reads it yet) and its write end, for the worker. */
function fifo(blocking: boolean) {
  const p = path.join(tempDir('gw-stall-'), 'out')
  execFileSync('mkfifo', [p])
  const readFd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  const writeFd = fs.openSync(p, fs.constants.O_WRONLY | (blocking ? 0 : fs.constants.O_NONBLOCK))
  cleanups.push(() => fs.closeSync(writeFd))
  return { readFd, writeFd }
}

const none = { fixRow: new Int32Array(0), fixIndex: new Int32Array(0), fixTime: new Float64Array(0) }

describe.runIf(process.platform !== 'win32')('a worker whose output stalls', () => {
  for (const blocking of [false, true]) {
    it(`keeps taking jobs while its write waits, then writes the ranges in turn order (${blocking ? 'blocking' : 'non-blocking'} pipe)`, async () => {
      const dir = tempDir('gw-stall-csv-')
      const file = path.join(dir, 'S.csv')
      writeCandlesCsv(file, generateCandles({ seed: 5, count: 120_000, intervalMs: 60_000, startPrice: 100 }))
      const plan = planCsvRanges(file, 2 << 20, 2)!
      expect(plan.ranges.length).toBeGreaterThanOrEqual(2)
      const rangeSpec = (r: number): ScanJobSpec => ({
        kind: 'scan', symbol: 'S', source: { kind: 'file', path: file }, options: defaultFvgOptions, returnZones: false,
        fileRange: { ...plan.ranges[r], size: plan.size, mtimeMs: plan.mtimeMs }, output: { format: 'json', file, stream: 0, range: r },
      })
      // What each range's turn must write: its rows with its fill, formatted here from the same range's zones.
      const fills: RangeFill[] = [{ shift: 0, first: true, ...none }, { shift: 1000, first: false, ...none }]
      const expected = await Promise.all([0, 1].map(async (r) => {
        const z = (await runScanJob({ ...rangeSpec(r), returnZones: true, output: undefined })).zones!
        return Buffer.from(formatRange('json', 'S', z, fills[r]))
      }))
      // More than a pipe holds (64 KiB by default, 1 MiB as raised by an unprivileged process): the write must wait.
      expect(expected[0].length).toBeGreaterThan(1 << 20)

      const out = fifo(blocking)
      const w = await worker(out.writeFd)
      for (const r of [0, 1]) {
        w.send({ type: 'job', jobId: r + 1, spec: rangeSpec(r) })
        await expect.poll(() => w.seen('result', r + 1)).toBe(true)
        expect(w.seen('part-held', r + 1)).toBe(true)
      }
      w.send({ type: 'turn', jobId: 1, fill: fills[0] }) // range 0 starts writing into the pipe nobody reads
      // Another job, sent while that write waits on the reader: the worker scans it and answers.
      w.send({ type: 'job', jobId: 3, spec: { kind: 'scan', symbol: 'T', source: { kind: 'file', path: file }, options: defaultFvgOptions, returnZones: false } })
      await expect.poll(() => w.seen('result', 3)).toBe(true)
      const other = w.got.find((m) => m.type === 'result' && m.jobId === 3)
      expect(other?.type === 'result' && other.result.candles).toBe(120_000)
      expect(w.seen('part-written', 1)).toBe(false) // the reader has not read: range 0 is still being written

      // The reader wakes up: range 0's turn ends once all of it is in the pipe, then range 1 gets its turn.
      const reader = new net.Socket({ fd: out.readFd, readable: true, writable: false })
      cleanups.push(() => reader.destroy())
      const chunks: Buffer[] = []
      reader.on('data', (d: Buffer) => void chunks.push(d))
      await expect.poll(() => w.seen('part-written', 1)).toBe(true)
      w.send({ type: 'turn', jobId: 2, fill: fills[1] })
      await expect.poll(() => w.seen('part-written', 2)).toBe(true)
      const total = expected[0].length + expected[1].length
      await expect.poll(() => chunks.reduce((n, c) => n + c.length, 0)).toBe(total)
      expect(Buffer.concat(chunks).equals(Buffer.concat(expected))).toBe(true)
      const written = w.got.filter((m) => m.type === 'part-written')
      expect(written).toEqual([{ type: 'part-written', jobId: 1, wrote: true }, { type: 'part-written', jobId: 2, wrote: true }])
    })
  }
})
