// Network throughput from /proc/net/dev: bytes/s per interface (loopback skipped) and in total.
// The total is the plain sum of the listed interfaces, so traffic that crosses a bridge or a
// veth pair (containers) is counted on each interface it crosses.
import path from 'node:path'
import type { Sample } from '../../../../shared/sample.ts'
import { fieldsOf, perSecond } from './rates.ts'
import { decimalOf, isSpace, lineEnd } from './bytes.ts'
import { NamedRows, RowsCollector, advance, type TwoReads } from './proc-rows.ts'

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

/** One interface of /proc/net/dev, kept across reads and updated in place. */
export interface NetInterface extends TwoReads<NetCounters> {
  readonly key: Buffer
  readonly name: string
  /** Skipped like parseNetDev skips it: `lo`, or a name with '|'. */
  readonly skip: boolean
}

/**
 * Interfaces of /proc/net/dev across reads: parseNetDev for the bytes in place (a name is decoded once,
 * when the interface first appears). `interfaces` lists those of the last read in file order.
 */
export class NetTable {
  readonly interfaces: NetInterface[] = []
  private readonly known = new NamedRows<NetInterface>((key, name) => {
    const zero = (): NetCounters => ({ name, rxBytes: 0, txBytes: 0 })
    return { key, name, skip: name === 'lo' || name.includes('|'), cur: zero(), prev: zero(), curRead: -1, prevRead: -1 }
  })
  private read = 0

  parse(buf: Uint8Array, n: number): NetInterface[] {
    const read = ++this.read
    this.interfaces.length = 0
    this.known.restart()
    for (let start = 0; start < n; ) {
      const end = lineEnd(buf, start, n)
      let colon = start
      while (colon < end && buf[colon] !== 0x3a) colon++
      let a = start
      let b = colon
      while (a < b && isSpace(buf[a])) a++
      while (b > a && isSpace(buf[b - 1])) b--
      if (colon < end && b > a) {
        const f = this.known.find(buf, a, b)
        // Fields after the colon: receive bytes is the 1st, transmit bytes the 9th.
        let count = 0
        let rx = NaN
        let tx = NaN
        let i = colon + 1
        while (i < end) {
          while (i < end && isSpace(buf[i])) i++
          if (i >= end) break
          const s0 = i
          while (i < end && !isSpace(buf[i])) i++
          if (count === 0) rx = decimalOf(buf, s0, i)
          else if (count === 8) tx = decimalOf(buf, s0, i)
          count++
        }
        if (!f.skip && count >= 9) {
          const c = advance(f, read)
          c.rxBytes = rx
          c.txBytes = tx
          this.interfaces.push(f)
        }
      }
      start = end + 1
    }
    return this.interfaces
  }

  /** Rates of the interfaces read now against the previous read (networkRates). */
  rates(seconds: number): NetworkReading {
    const out: NetworkReading = { rxBps: 0, txBps: 0, interfaces: [] }
    for (let k = 0; k < this.interfaces.length; k++) {
      const f = this.interfaces[k]
      const had = f.prevRead === this.read - 1
      const rxBps = perSecond(had ? f.prev.rxBytes : undefined, f.cur.rxBytes, seconds)
      const txBps = perSecond(had ? f.prev.txBytes : undefined, f.cur.txBytes, seconds)
      out.rxBps += rxBps
      out.txBps += txBps
      out.interfaces.push({ name: f.name, rxBps, txBps })
    }
    return out
  }
}

/** Network throughput from <procRoot>/net/dev. */
export class NetworkCollector extends RowsCollector<NetworkReading> {
  constructor(procRoot: string, now?: () => number) {
    super(path.join(procRoot, 'net', 'dev'), new NetTable(), now)
  }
}
