// The rows of a /proc file that names each line (a disk in /proc/diskstats, an interface in
// /proc/net/dev), kept across reads and updated in place: a row is found by comparing its name's
// bytes in the buffer, decoded once when it first appears, and keeps its counters of the last two
// reads in two objects that swap roles, so a read allocates nothing. RowsCollector reads such a file
// each tick and returns the rates over the real time between reads.
import { ProcFile } from '../procFile.ts'
import { bytesEqual } from './bytes.ts'

/** A row's counters of its last two reads: `cur` from read number `curRead`, `prev` from `prevRead`. */
export interface TwoReads<C> {
  cur: C
  prev: C
  curRead: number
  prevRead: number
}

/**
 * Makes read `read` the row's current one and returns its counters to fill: when `cur` is of the
 * read before, it becomes `prev` and the older object is reused for the new counters.
 */
export function advance<C>(row: TwoReads<C>, read: number): C {
  const c = row.curRead === read - 1 ? row.prev : row.cur
  if (row.curRead === read - 1) {
    row.prev = row.cur
    row.prevRead = row.curRead
  }
  row.cur = c
  row.curRead = read
  return c
}

/** Rows by name across reads; the search starts after the row found last (the file's order rarely changes). */
export class NamedRows<R extends { readonly key: Uint8Array }> {
  private readonly rows: R[] = []
  private hint = 0
  private readonly make: (key: Buffer, name: string) => R

  constructor(make: (key: Buffer, name: string) => R) {
    this.make = make
  }

  /** At the start of a read: the first line is most likely the first row. */
  restart(): void {
    this.hint = 0
  }

  /** The row named by buf[a, b), made (its name decoded as latin1) the first time it is seen. */
  find(buf: Uint8Array, a: number, b: number): R {
    const len = this.rows.length
    for (let j = 0; j < len; j++) {
      const at = (this.hint + j) % len
      const r = this.rows[at]
      if (bytesEqual(buf, a, b, r.key)) {
        this.hint = at + 1
        return r
      }
    }
    this.hint = len + 1
    const key = Buffer.from(buf.subarray(a, b))
    const r = this.make(key, key.toString('latin1'))
    this.rows.push(r)
    return r
  }
}

/** A table of a /proc file's rows: parsed in place each read, then its rates over `seconds`. */
export interface RowTable<R> {
  parse(buf: Uint8Array, n: number): unknown
  rates(seconds: number): R
}

/** Reads a /proc file into its table each tick and returns its rates over the real time since the read before. */
export class RowsCollector<R> {
  private readonly file: ProcFile
  private readonly table: RowTable<R>
  private readonly now: () => number
  private prevAt = 0

  constructor(file: string, table: RowTable<R>, now: () => number = () => performance.now()) {
    this.file = new ProcFile(file, 8192)
    this.table = table
    this.now = now
  }

  collect(): R {
    const n = this.file.readRaw()
    this.table.parse(this.file.bytes, n)
    const at = this.now()
    const out = this.table.rates((at - this.prevAt) / 1000)
    this.prevAt = at
    return out
  }

  close(): void {
    this.file.close()
  }
}
