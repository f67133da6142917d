// Network throughput from /proc/net/dev: bytes/s per interface (loopback skipped) and in total.
// The total is the plain sum of the listed interfaces, so traffic that crosses a bridge or a
// veth pair (containers) is counted on each interface it crosses.
import path from 'node:path'
import type { Sample } from '../../../../shared/sample.ts'
import { ProcFile } from '../procFile.ts'
import { fieldsOf, perSecond } from './rates.ts'

export type NetworkReading = Sample['network']

export interface NetCounters {
  name: string
  rxBytes: number
  txBytes: number
}

/** Parses /proc/net/dev (two header lines, then `name: rx… tx…`), without `lo`. */
export function parseNetDev(text: string): NetCounters[] {
  const out: NetCounters[] = []
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const name = line.slice(0, colon).trim()
    if (name === '' || name === 'lo' || name.includes('|')) continue
    const f = fieldsOf(line.slice(colon + 1))
    if (f.length < 9) continue
    out.push({ name, rxBytes: Number(f[0]), txBytes: Number(f[8]) })
  }
  return out
}

export function networkRates(prev: ReadonlyMap<string, NetCounters> | null, cur: NetCounters[], seconds: number): NetworkReading {
  const out: NetworkReading = { rxBps: 0, txBps: 0, interfaces: [] }
  for (const i of cur) {
    const p = prev?.get(i.name)
    const rxBps = perSecond(p?.rxBytes, i.rxBytes, seconds)
    const txBps = perSecond(p?.txBytes, i.txBytes, seconds)
    out.rxBps += rxBps
    out.txBps += txBps
    out.interfaces.push({ name: i.name, rxBps, txBps })
  }
  return out
}

export class NetworkCollector {
  private readonly file: ProcFile
  private readonly now: () => number
  private prev: Map<string, NetCounters> | null = null
  private prevAt = 0

  constructor(procRoot: string, now: () => number = () => performance.now()) {
    this.file = new ProcFile(path.join(procRoot, 'net', 'dev'), 8192)
    this.now = now
  }

  collect(): NetworkReading {
    const cur = parseNetDev(this.file.read())
    const at = this.now()
    const out = networkRates(this.prev, cur, (at - this.prevAt) / 1000)
    this.prev = new Map(cur.map((i) => [i.name, i]))
    this.prevAt = at
    return out
  }

  close(): void {
    this.file.close()
  }
}
