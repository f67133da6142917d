import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LineSplitter, NvidiaSmiStream, numberOrNull, parseSmiLine } from '../../../../electron/engine/sampler/gpu/parser.ts'
import type { SmiLine } from '../../../../electron/engine/sampler/gpu/parser.ts'
import { GpuSchema } from '../../../../shared/sample.ts'

const FIX = path.resolve(import.meta.dirname, '../../../fixtures/nvidia-smi')
const fixture = (f: string): string => fs.readFileSync(path.join(FIX, f), 'utf8')
const MiB = 1024 * 1024

/** Feeds the text cut at `cuts` and returns the stream. */
function feedCut(text: string, cuts: number[]): NvidiaSmiStream {
  const s = new NvidiaSmiStream()
  let prev = 0
  for (const c of [...cuts, text.length]) {
    s.feed(text.slice(prev, c))
    prev = c
  }
  return s
}

describe('parseSmiLine', () => {
  it('parses a reading, converting MiB to bytes', () => {
    const l = parseSmiLine('0, NVIDIA GeForce RTX 4090, 37, 12, 5123, 24564, 52, 112.45, 2520')
    expect(l).toEqual({
      kind: 'reading',
      gpu: {
        index: 0,
        name: 'NVIDIA GeForce RTX 4090',
        utilization: 37,
        memoryUtilization: 12,
        memoryUsedBytes: 5123 * MiB,
        memoryTotalBytes: 24564 * MiB,
        temperatureC: 52,
        powerW: 112.45,
        clockSmMHz: 2520,
      },
    })
    if (l?.kind === 'reading') expect(GpuSchema.parse(l.gpu)).toEqual(l.gpu)
  })

  it('maps [N/A], [Not Supported] and other bracketed values to null', () => {
    for (const v of ['[N/A]', '[Not Supported]', '[Unknown Error]', 'N/A', '', 'abc']) expect(numberOrNull(v)).toBeNull()
    expect(numberOrNull('0')).toBe(0)
    const l = parseSmiLine('1, NVIDIA GeForce RTX 3060 Laptop GPU, 7, 3, [N/A], 6144, 42, [N/A], [Not Supported]')
    expect(l).toMatchObject({ kind: 'reading', gpu: { memoryUsedBytes: null, memoryTotalBytes: 6144 * MiB, powerW: null, clockSmMHz: null } })
  })

  it('keeps a name that contains commas', () => {
    const l = parseSmiLine('2, Weird, Inc. GPU, 1, 2, 3, 4, 5, 6.5, 7')
    expect(l).toMatchObject({ kind: 'reading', gpu: { index: 2, name: 'Weird, Inc. GPU', utilization: 1, clockSmMHz: 7 } })
  })

  it('classifies lost GPUs, fatal failures and other lines', () => {
    expect(parseSmiLine(fixture('gpu-lost.csv').split('\n')[3])).toEqual({
      kind: 'lost',
      busId: '0000:02:00.0',
      message: 'Unable to determine the device handle for GPU0000:02:00.0: GPU is lost.  Reboot the system to recover this GPU',
    })
    expect(parseSmiLine(fixture('no-devices.txt'))?.kind).toBe('fatal')
    expect(parseSmiLine(fixture('driver-failure.txt'))?.kind).toBe('fatal')
    expect(parseSmiLine('Failed to initialize NVML: Driver/library version mismatch')?.kind).toBe('fatal')
    expect(parseSmiLine('index, name, utilization.gpu [%]')?.kind).toBe('other')
    expect(parseSmiLine('   ')).toBeNull()
  })
})

describe('LineSplitter', () => {
  it('splits LF and CRLF lines across chunks and keeps the tail', () => {
    const out: string[] = []
    const s = new LineSplitter()
    for (const c of ['a,b', '\r', '\nc', 'd\n', 'e']) s.push(c, (l) => out.push(l))
    expect(out).toEqual(['a,b', 'cd'])
    s.end((l) => out.push(l))
    expect(out).toEqual(['a,b', 'cd', 'e'])
  })
})

describe('NvidiaSmiStream on recorded output', () => {
  it.each(['one-gpu.csv', 'two-gpus.csv', 'na-fields.csv', 'gpu-lost.csv'])(
    '%s gives the same state whatever the chunk boundaries',
    (file) => {
      const text = fixture(file)
      const whole = feedCut(text, []).gpus()
      for (let i = 0; i <= text.length; i++) expect(feedCut(text, [i]).gpus()).toEqual(whole)
      for (let i = 0; i + 7 <= text.length; i += 3) expect(feedCut(text, [i, i + 1, i + 7]).gpus()).toEqual(whole)
      // byte by byte
      expect(feedCut(text, Array.from({ length: text.length }, (_, i) => i)).gpus()).toEqual(whole)
    },
  )

  it('keeps the latest reading of one GPU', () => {
    const g = feedCut(fixture('one-gpu.csv'), []).gpus()
    expect(g).toHaveLength(1)
    expect(g[0]).toMatchObject({ index: 0, utilization: 3, powerW: 31.77, clockSmMHz: 210, memoryUsedBytes: 5125 * MiB })
  })

  it('keeps one reading per GPU with two GPUs, by index', () => {
    const g = feedCut(fixture('two-gpus.csv'), []).gpus()
    expect(g.map((x) => [x.index, x.name, x.utilization])).toEqual([
      [0, 'NVIDIA RTX A4000', 64],
      [1, 'NVIDIA GeForce GTX 1660 SUPER', 2],
    ])
  })

  it('returns the latest reading as soon as its line is complete', () => {
    const s = new NvidiaSmiStream()
    s.feed('0, NVIDIA RTX A4000, 12, 4, 2048, 16376, 45, 38.51, 1560\n1, NVIDIA GeForce GTX 1660 SUPER, 0, 0, 31')
    expect(s.gpus().map((x) => x.index)).toEqual([0])
    s.feed('2, 6144, 38, 11.02, 300\n')
    expect(s.gpus().map((x) => x.index)).toEqual([0, 1])
  })

  it('turns N/A and Not Supported into nulls (CRLF output)', () => {
    const [gt710, laptop] = feedCut(fixture('na-fields.csv'), []).gpus()
    expect(gt710).toEqual({
      index: 0,
      name: 'NVIDIA GeForce GT 710',
      utilization: null,
      memoryUtilization: null,
      memoryUsedBytes: 181 * MiB,
      memoryTotalBytes: 2001 * MiB,
      temperatureC: 40,
      powerW: null,
      clockSmMHz: 954,
    })
    expect(laptop).toMatchObject({ index: 1, name: 'NVIDIA GeForce RTX 3060 Laptop GPU', utilization: 7, powerW: null, clockSmMHz: null })
  })

  it('drops a GPU that is lost mid-stream and goes on with the others', () => {
    const lines: SmiLine[] = []
    const s = new NvidiaSmiStream((l) => lines.push(l))
    const text = fixture('gpu-lost.csv').split('\n')
    s.feed(text.slice(0, 2).join('\n') + '\n')
    expect(s.gpus().map((g) => g.index)).toEqual([0, 1])
    s.feed(text.slice(2).join('\n'))
    expect(s.gpus().map((g) => [g.index, g.powerW])).toEqual([[0, 339.55]])
    expect(s.lost).toHaveLength(3)
    expect(lines.filter((l) => l.kind === 'lost')).toHaveLength(3)
    expect(s.fatal).toBeNull()
  })

  it('drops a GPU that simply stops being printed', () => {
    const s = new NvidiaSmiStream()
    const g = (i: number, u: number): string => `${i}, GPU ${i}, ${u}, 0, 1, 2, 3, 4, 5\n`
    s.feed(g(0, 1) + g(1, 1) + g(0, 2) + g(0, 3))
    expect(s.gpus().map((x) => [x.index, x.utilization])).toEqual([[0, 3]])
  })

  it('records the fatal message of a machine without devices or driver', () => {
    const s = new NvidiaSmiStream()
    s.feed(fixture('driver-failure.txt'))
    s.end()
    expect(s.fatal).toMatch(/couldn't communicate with the NVIDIA driver/)
    expect(s.gpus()).toEqual([])
  })

  it('parses an unterminated last line at end of stream, and forgets everything on clear()', () => {
    const s = new NvidiaSmiStream()
    s.feed('0, NVIDIA RTX A4000, 12, 4, 2048, 16376, 45, 38.51, 1560')
    expect(s.gpus()).toEqual([])
    s.end()
    expect(s.gpus()).toHaveLength(1)
    s.clear()
    expect(s.gpus()).toEqual([])
  })
})
