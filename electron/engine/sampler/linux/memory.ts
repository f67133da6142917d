// Memory from /proc/meminfo (values in kB there, bytes here).
//
// used = MemTotal − MemAvailable (what applications hold and cannot be reclaimed cheaply);
// cached = Cached + SReclaimable (page cache including tmpfs/shmem, plus reclaimable slab: the
// "buff/cache" of free(1) without Buffers); swap used = SwapTotal − SwapFree. Kernels older than
// 3.14 lack MemAvailable: it is then estimated as MemFree + Buffers + Cached + SReclaimable.
import path from 'node:path'
import type { Sample } from '../../../../shared/sample.ts'
import { ProcFile } from '../procFile.ts'
import { bytesEqual, isSpace, lineEnd, decimalOf } from './bytes.ts'

export type MemoryReading = Sample['memory']

/** Parses /proc/meminfo into a map of field name → bytes (kB × 1024; unit-less fields as is). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const rest = line.slice(colon + 1).trim()
    const space = rest.indexOf(' ')
    const value = Number(space < 0 ? rest : rest.slice(0, space))
    if (!Number.isFinite(value)) continue
    out.set(line.slice(0, colon), rest.endsWith('kB') ? value * 1024 : value)
  }
  return out
}

export function memoryFromMeminfo(info: Map<string, number>): MemoryReading {
  const get = (k: string): number => info.get(k) ?? 0
  const total = get('MemTotal')
  if (!(total > 0)) throw new Error('no MemTotal in /proc/meminfo')
  const reclaimable = get('SReclaimable')
  const available = info.get('MemAvailable') ?? get('MemFree') + get('Buffers') + get('Cached') + reclaimable
  const swapTotal = get('SwapTotal')
  return {
    totalBytes: total,
    usedBytes: Math.max(0, total - available),
    availableBytes: available,
    cachedBytes: get('Cached') + reclaimable,
    swapUsedBytes: Math.max(0, swapTotal - get('SwapFree')),
    swapTotalBytes: swapTotal,
  }
}

/** The only meminfo fields the reading needs, in the order of `MeminfoFields`. */
export const MEMINFO_KEYS = ['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'SReclaimable', 'SwapTotal', 'SwapFree'] as const
const KEY_BYTES = MEMINFO_KEYS.map((k) => Buffer.from(k, 'latin1'))
/** Bytes of each of MEMINFO_KEYS (NaN when absent), filled in place by parseMeminfoBytes. */
export type MeminfoFields = Float64Array

export function meminfoFields(): MeminfoFields {
  return new Float64Array(MEMINFO_KEYS.length)
}

/**
 * parseMeminfo for the bytes of /proc/meminfo, in place (no string, no split): fills `out` with the
 * fields of MEMINFO_KEYS, NaN for a missing one; for a repeated name the last line wins, as in the Map.
 * Same values as parseMeminfo for decimal values (the only kind the kernel writes).
 */
export function parseMeminfoBytes(buf: Uint8Array, n: number, out: MeminfoFields): MeminfoFields {
  out.fill(NaN)
  for (let start = 0; start < n; ) {
    const end = lineEnd(buf, start, n)
    let colon = start
    while (colon < end && buf[colon] !== 0x3a) colon++
    if (colon > start && colon < end) {
      let k = 0
      while (k < KEY_BYTES.length && !bytesEqual(buf, start, colon, KEY_BYTES[k])) k++
      if (k < KEY_BYTES.length) {
        let a = colon + 1
        let b = end
        while (a < b && isSpace(buf[a])) a++
        while (b > a && isSpace(buf[b - 1])) b--
        let t = a
        while (t < b && buf[t] !== 0x20) t++
        const value = decimalOf(buf, a, t)
        if (Number.isFinite(value)) out[k] = b - a >= 2 && buf[b - 2] === 0x6b && buf[b - 1] === 0x42 ? value * 1024 : value
      }
    }
    start = end + 1
  }
  return out
}

/** memoryFromMeminfo over the fields parseMeminfoBytes fills. */
export function memoryFromFields(f: MeminfoFields): MemoryReading {
  const get = (i: number): number => (Number.isNaN(f[i]) ? 0 : f[i])
  const total = get(0)
  if (!(total > 0)) throw new Error('no MemTotal in /proc/meminfo')
  const reclaimable = get(5)
  const available = Number.isNaN(f[2]) ? get(1) + get(3) + get(4) + reclaimable : f[2]
  const swapTotal = get(6)
  return {
    totalBytes: total,
    usedBytes: Math.max(0, total - available),
    availableBytes: available,
    cachedBytes: get(4) + reclaimable,
    swapUsedBytes: Math.max(0, swapTotal - get(7)),
    swapTotalBytes: swapTotal,
  }
}

export class MemoryCollector {
  private readonly file: ProcFile
  private readonly fields = meminfoFields()

  constructor(procRoot: string) {
    this.file = new ProcFile(path.join(procRoot, 'meminfo'), 8192)
  }

  collect(): MemoryReading {
    const n = this.file.readRaw()
    return memoryFromFields(parseMeminfoBytes(this.file.bytes, n, this.fields))
  }

  close(): void {
    this.file.close()
  }
}
