// Memory from /proc/meminfo (values in kB there, bytes here).
//
// used = MemTotal − MemAvailable (what applications hold and cannot be reclaimed cheaply);
// cached = Cached + SReclaimable (page cache including tmpfs/shmem, plus reclaimable slab: the
// "buff/cache" of free(1) without Buffers); swap used = SwapTotal − SwapFree. Kernels older than
// 3.14 lack MemAvailable: it is then estimated as MemFree + Buffers + Cached + SReclaimable.
import path from 'node:path'
import type { Sample } from '../../../../shared/sample.ts'
import { ProcFile } from '../procFile.ts'

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

export class MemoryCollector {
  private readonly file: ProcFile

  constructor(procRoot: string) {
    this.file = new ProcFile(path.join(procRoot, 'meminfo'), 8192)
  }

  collect(): MemoryReading {
    return memoryFromMeminfo(parseMeminfo(this.file.read()))
  }

  close(): void {
    this.file.close()
  }
}
