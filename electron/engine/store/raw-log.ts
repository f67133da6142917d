// The open hour's raw samples, appended once a flush to a small file beside the database
// (`<db>-rawlog`), so an acknowledged flush survives a crash without rewriting B-tree pages every
// second. The store writes the hour into SQLite when it closes and then empties this file.
//
// Layout, little-endian: an 8-byte header (`GWRL`, the database's u32 log id, so a log left beside a
// recreated database is ignored), then records: u32 payload length, u32 CRC-32 of the payload, and
// the payload: f64 t, u32 (n << 1 | hasIds), [n × u32 metric id when hasIds], n × f64 value. A record
// without ids has the same metrics as the one before it (the usual case: 8 bytes a value). A torn or
// corrupt tail (a crash mid-write) ends the log: what came before it is kept, the rest is cut off.
//
// Durability is the same as SQLite's WAL with synchronous=NORMAL: once write() returns, a killed
// process loses nothing; an OS crash or power cut may lose the last seconds. No fsync per flush: it
// would make the kernel write the same 4 KB tail page every second.
import { fs } from '../builtins.ts'
import { crc32 } from 'node:zlib'

export interface IdSample {
  t: number
  values: ReadonlyArray<readonly [number, number]>
}

const MAGIC = 0x4c525747 // 'GWRL'
const HEADER = 8

export class RawLog {
  readonly file: string
  private readonly logId: number
  private fd: number
  private size = 0
  /** The metric ids of the last record written, which the next record may leave out. */
  private lastIds: number[] | null = null

  constructor(file: string, logId: number) {
    this.file = file
    this.logId = logId >>> 0
    this.fd = fs.openSync(file, 'a+')
  }

  /**
   * The records of the log, in order. A log of another database (or an unreadable header) is
   * emptied and reported through `discarded`; a torn tail is cut off.
   */
  load(): { records: IdSample[]; discarded: 'foreign' | 'torn' | null } {
    const buf = fs.readFileSync(this.file)
    if (buf.length === 0) {
      this.reset()
      return { records: [], discarded: null }
    }
    if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== this.logId) {
      this.reset()
      return { records: [], discarded: 'foreign' }
    }
    const records: IdSample[] = []
    let ids: number[] | null = null
    let off = HEADER
    while (off + 8 <= buf.length) {
      const len = buf.readUInt32LE(off)
      const end = off + 8 + len
      if (len < 12 || end > buf.length) break
      const payload = buf.subarray(off + 8, end)
      if (crc32(payload) !== buf.readUInt32LE(off + 4)) break
      const head = payload.readUInt32LE(8)
      const n = head >>> 1
      const hasIds = (head & 1) === 1
      if (12 + n * (hasIds ? 12 : 8) !== len) break
      if (hasIds) ids = Array.from({ length: n }, (_, k) => payload.readUInt32LE(12 + k * 4))
      if (ids === null || ids.length !== n) break
      const base = 12 + (hasIds ? n * 4 : 0)
      const values: Array<[number, number]> = []
      for (let k = 0; k < n; k++) values.push([ids[k], payload.readDoubleLE(base + k * 8)])
      records.push({ t: payload.readDoubleLE(0), values })
      off = end
    }
    this.size = off
    this.lastIds = ids
    if (off < buf.length) {
      fs.ftruncateSync(this.fd, off)
      return { records, discarded: 'torn' }
    }
    return { records, discarded: null }
  }

  /** The file's size in bytes, as this writer left it (no stat needed). */
  get bytes(): number {
    return this.size
  }

  /** Appends samples in one write. On failure the file is cut back, so a later append stays readable. */
  append(samples: readonly IdSample[]): void {
    if (samples.length === 0) return
    // Indexed loops, no destructuring: this runs every second, mostly unoptimized, where for…of and
    // `[id, v] =` allocate iterators and results per value (most of what a flush allocated).
    let lastIds = this.lastIds
    const withIds: boolean[] = []
    let bytes = 0
    for (let i = 0; i < samples.length; i++) {
      const values = samples[i].values
      let same = lastIds !== null && lastIds.length === values.length
      for (let k = 0; same && k < values.length; k++) same = values[k][0] === lastIds![k]
      if (!same) {
        const ids: number[] = []
        for (let k = 0; k < values.length; k++) ids.push(values[k][0])
        lastIds = ids
      }
      withIds.push(!same)
      bytes += 8 + 12 + values.length * (same ? 8 : 12)
    }
    const buf = Buffer.allocUnsafe(bytes)
    let off = 0
    for (let i = 0; i < samples.length; i++) {
      const values = samples[i].values
      const n = values.length
      const p0 = off + 8
      buf.writeDoubleLE(samples[i].t, p0)
      buf.writeUInt32LE(((n << 1) | (withIds[i] ? 1 : 0)) >>> 0, p0 + 8)
      let p = p0 + 12
      if (withIds[i]) for (let k = 0; k < n; k++) p = buf.writeUInt32LE(values[k][0], p)
      for (let k = 0; k < n; k++) p = buf.writeDoubleLE(values[k][1], p)
      buf.writeUInt32LE(p - p0, off)
      buf.writeUInt32LE(crc32(buf.subarray(p0, p)), off + 4)
      off = p
    }
    try {
      let written = 0
      while (written < buf.length) written += fs.writeSync(this.fd, buf, written)
      this.size += buf.length
      this.lastIds = lastIds
    } catch (err) {
      try {
        fs.ftruncateSync(this.fd, this.size)
      } catch {
        // the next load() cuts the torn tail instead
      }
      throw err
    }
  }

  /** Empties the log (its hour is in SQLite now) and writes the header again. */
  reset(): void {
    fs.ftruncateSync(this.fd, 0)
    const header = Buffer.alloc(HEADER)
    header.writeUInt32LE(MAGIC, 0)
    header.writeUInt32LE(this.logId, 4)
    fs.writeSync(this.fd, header)
    this.size = HEADER
    this.lastIds = null
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd)
    this.fd = -1
  }
}
