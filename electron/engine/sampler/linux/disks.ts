// Disk throughput from /proc/diskstats.
//
// Only whole physical (or paravirtual) disks are summed: sdX, hdX, vdX, xvdX, nvmeXnY, mmcblkX.
// Partitions (sda1, nvme0n1p1, mmcblk0p1) would count the same I/O twice, and so would stacked
// devices (dm-*, md*: LVM, LUKS, RAID sit on top of the disks); loop, ram, zram and sr are not disks.
// Sector counts are always in 512-byte units in this file, whatever the device's sector size.
// Rates are per-device deltas over the real time between reads, summed; a device that appears or
// disappears between reads contributes nothing that tick.
import path from 'node:path'
import type { Sample } from '../../../../shared/sample.ts'
import { ProcFile } from '../procFile.ts'
import { fieldsOf, perSecond } from './rates.ts'

export type DiskReading = Sample['disk']

export interface DiskCounters {
  name: string
  readOps: number
  readBytes: number
  writeOps: number
  writeBytes: number
}

export const WHOLE_DISK = /^(?:sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+n\d+|mmcblk\d+)$/

export function isWholeDisk(name: string): boolean {
  return WHOLE_DISK.test(name)
}

/** Parses /proc/diskstats, keeping whole disks only. */
export function parseDiskstats(text: string): DiskCounters[] {
  const out: DiskCounters[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const f = fieldsOf(line)
    const name = f[2]
    if (name === undefined || f.length < 10 || !isWholeDisk(name)) continue
    out.push({
      name,
      readOps: Number(f[3]),
      readBytes: Number(f[5]) * 512,
      writeOps: Number(f[7]),
      writeBytes: Number(f[9]) * 512,
    })
  }
  return out
}

export function diskRates(prev: ReadonlyMap<string, DiskCounters> | null, cur: DiskCounters[], seconds: number): DiskReading {
  const r: DiskReading = { readBps: 0, writeBps: 0, readOps: 0, writeOps: 0 }
  if (prev === null) return r
  for (const d of cur) {
    const p = prev.get(d.name)
    if (p === undefined) continue
    r.readBps += perSecond(p.readBytes, d.readBytes, seconds)
    r.writeBps += perSecond(p.writeBytes, d.writeBytes, seconds)
    r.readOps += perSecond(p.readOps, d.readOps, seconds)
    r.writeOps += perSecond(p.writeOps, d.writeOps, seconds)
  }
  return r
}

export class DiskCollector {
  private readonly file: ProcFile
  private readonly now: () => number
  private prev: Map<string, DiskCounters> | null = null
  private prevAt = 0

  constructor(procRoot: string, now: () => number = () => performance.now()) {
    this.file = new ProcFile(path.join(procRoot, 'diskstats'), 8192)
    this.now = now
  }

  collect(): DiskReading {
    const cur = parseDiskstats(this.file.read())
    const at = this.now()
    const out = diskRates(this.prev, cur, (at - this.prevAt) / 1000)
    this.prev = new Map(cur.map((d) => [d.name, d]))
    this.prevAt = at
    return out
  }

  close(): void {
    this.file.close()
  }
}
