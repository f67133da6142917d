// The chart's candles without a second parse: the pool worker that parses a CSV for a scan also
// writes the series it parsed as raw Float64 columns into the data directory's candle cache, and the
// engine reads them back as typed arrays (no CSV parse on its thread). An entry is keyed by the
// source file's path, size and mtime (nanoseconds) and the time zone its wall-clock times were read
// in; any difference (the file was replaced or edited, another zone) makes it stale, and the engine
// asks a worker to write it again. Layout: "GWCC1\n", a u32 header length, a JSON header, zero
// padding to 8 bytes, then n × 6 little-endian float64 (time, open, high, low, close, volume).
import type { FileHandle } from 'node:fs/promises'
import { crypto, fs } from '../builtins.ts'
import path from 'node:path'
import type { Candles } from '../../../shared/candles.ts'
import { readAt } from '../market/read-file.ts'

const MAGIC = 'GWCC1\n'
const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const

/** What a cache entry must match: the source file as read, and the zone its times were read in. */
export interface CacheKey {
  path: string
  size: number
  /** The file's mtime in ns, as a decimal string (exact, unlike a float of ms). */
  mtimeNs: string
  tz: string | null
}

interface Header extends CacheKey {
  n: number
}

/** The cache folder of a data directory. */
export function candleCacheDir(dataDir: string): string {
  return path.join(dataDir, 'candle-cache')
}

/**
 * Removes the temporary files a worker killed mid-write left in the cache folder (an entry is
 * written whole under another name, then renamed). Only for the engine holding the data
 * directory's lock, before any worker runs; entries stay (each is checked when read).
 */
export function sweepCacheTemps(dir: string): void {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.endsWith('.tmp')) continue
    try {
      fs.rmSync(path.join(dir, name), { force: true })
    } catch {
      // not a file (a directory of that name): left as it is
    }
  }
}

/** The entry for a source path and zone (one per pair: a newer parse of the same file replaces it). */
export function candleCacheFile(dir: string, sourcePath: string, tz: string | null): string {
  const id = crypto.createHash('sha256').update(`${path.resolve(sourcePath)}\0${tz ?? ''}`).digest('hex').slice(0, 32)
  return path.join(dir, `${id}.candles`)
}

/** The key of the file at `sourcePath` as it is now; null when it cannot be stat'ed. */
export function currentKey(sourcePath: string, tz: string | null): CacheKey | null {
  try {
    const st = fs.statSync(sourcePath, { bigint: true })
    if (!st.isFile()) return null
    return { path: path.resolve(sourcePath), size: Number(st.size), mtimeNs: st.mtimeNs.toString(), tz }
  } catch {
    return null
  }
}

const sameKey = (a: CacheKey, b: CacheKey) => a.path === b.path && a.size === b.size && a.mtimeNs === b.mtimeNs && (a.tz ?? null) === (b.tz ?? null)

/** Writes an entry atomically (a temporary file renamed over it), so a reader never sees half of one. */
export function writeCandleCache(file: string, key: CacheKey, c: Candles): void {
  const n = c.time.length
  const header = Buffer.from(JSON.stringify({ ...key, n } satisfies Header))
  const lead = MAGIC.length + 4 + header.length
  const dataAt = Math.ceil(lead / 8) * 8
  const out = Buffer.alloc(dataAt + n * 8 * COLUMNS.length)
  out.write(MAGIC, 0, 'latin1')
  out.writeUInt32LE(header.length, MAGIC.length)
  header.copy(out, MAGIC.length + 4)
  COLUMNS.forEach((col, k) => {
    const a = c[col]
    Buffer.from(a.buffer, a.byteOffset, n * 8).copy(out, dataAt + k * n * 8)
  })
  // The cache's own folder only, never the ones above it: a worker that finishes its job after its
  // engine was killed (SIGKILL) must not bring back a data directory removed meanwhile.
  try {
    fs.mkdirSync(path.dirname(file))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
  try {
    fs.writeFileSync(tmp, out)
    fs.renameSync(tmp, file)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
}

/** Opening an entry never waits (a named pipe put in its place would block a plain open for ever). */
const READ_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK
/** The longest JSON header an entry may have (a real one is a path, two numbers and a zone). */
const MAX_HEADER_BYTES = 64 * 1024
/**
 * The fewest bytes of its CSV file one candle can come from: a time and four price cells (blank
 * ones included) take at least a character and four delimiters. It bounds the candles an entry may
 * claim by the source file's size, so a forged header cannot make the reader allocate gigabytes.
 */
const MIN_CSV_ROW_BYTES = 5

/**
 * Where an entry's columns start and how many candles it holds, from its first bytes, when its
 * header is intact, matches `key` and accounts for exactly `fileSize` bytes; else null. Reads
 * nothing past the header: the caller allocates and reads the columns only once they add up.
 */
function readLayout(readAt: (pos: number, len: number) => Buffer, fileSize: number, key: CacheKey): { dataAt: number; n: number } | null {
  const leadLen = MAGIC.length + 4
  if (fileSize < leadLen) return null
  const lead = readAt(0, leadLen)
  if (lead.length !== leadLen || lead.toString('latin1', 0, MAGIC.length) !== MAGIC) return null
  const len = lead.readUInt32LE(MAGIC.length)
  if (len > MAX_HEADER_BYTES || leadLen + len > fileSize) return null
  const head = readAt(leadLen, len)
  if (head.length !== len) return null
  let header: Header
  try {
    header = JSON.parse(head.toString('utf8')) as Header
  } catch {
    return null
  }
  if (typeof header !== 'object' || header === null || !Number.isSafeInteger(header.n) || header.n < 0 || !sameKey(header, key)) return null
  if (header.n * MIN_CSV_ROW_BYTES > key.size) return null
  const dataAt = Math.ceil((leadLen + len) / 8) * 8
  return fileSize === dataAt + header.n * 8 * COLUMNS.length ? { dataAt, n: header.n } : null
}

/**
 * The entry's candles when it matches `key`; null when it is missing, stale or damaged (the caller
 * has a worker write it again). The columns are views of the buffer the file was read into, which
 * is allocated only once the header accounts for the file's size.
 */
export async function readCandleCache(file: string, key: CacheKey): Promise<Candles | null> {
  let fh: FileHandle
  try {
    fh = await fs.promises.open(file, READ_FLAGS)
  } catch {
    return null
  }
  try {
    const st = await fh.stat()
    if (!st.isFile()) return null
    const size = st.size
    // The header is small: read it synchronously through the handle's descriptor.
    const layout = readLayout((pos, len) => readAt(fh.fd, pos, len), size, key)
    if (!layout) return null
    // Read straight into a fresh ArrayBuffer: its columns start at multiples of 8, so they are
    // Float64Array views of it with no copy (48 MB for a million candles).
    const bytes = Buffer.from(new ArrayBuffer(size))
    let n = 0
    while (n < size) {
      const { bytesRead } = await fh.read(bytes, n, size - n, n)
      if (bytesRead === 0) break
      n += bytesRead
    }
    return n === size ? columns(bytes, layout) : null
  } catch {
    return null
  } finally {
    await fh.close()
  }
}

/** The same, synchronously (for callers that cannot wait, such as an FVG alert's ATR filter). */
export function readCandleCacheSync(file: string, key: CacheKey): Candles | null {
  let fd: number
  try {
    fd = fs.openSync(file, READ_FLAGS)
  } catch {
    return null
  }
  try {
    const st = fs.fstatSync(fd)
    if (!st.isFile()) return null
    const size = st.size
    const layout = readLayout((pos, len) => readAt(fd, pos, len), size, key)
    if (!layout) return null
    const bytes = readAt(fd, 0, size)
    return bytes.length === size ? columns(bytes, layout) : null
  } catch {
    return null
  } finally {
    fs.closeSync(fd)
  }
}


function columns(bytes: Buffer, { dataAt, n }: { dataAt: number; n: number }): Candles | null {
  // Views when the bytes are aligned for Float64Array (an ArrayBuffer of their own); else one copy.
  const at = bytes.byteOffset + dataAt
  let data = bytes.buffer as ArrayBuffer
  let base = at
  if (at % 8 !== 0) {
    data = new ArrayBuffer(n * 8 * COLUMNS.length)
    new Uint8Array(data).set(bytes.subarray(dataAt))
    base = 0
  }
  const col = (k: number) => new Float64Array(data, base + k * n * 8, n)
  const c: Candles = { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) }
  return plausible(c) ? c : null
}

/**
 * Whether the values are ones a parse gives (market/csv.ts): times finite and strictly increasing,
 * every other value finite or NaN (a blank cell). A cache entry that fails is read as missing.
 */
function plausible(c: Candles): boolean {
  const t = c.time
  let prev = -Infinity
  for (let i = 0; i < t.length; i++) {
    if (!(t[i] > prev) || t[i] === Infinity) return false
    prev = t[i]
  }
  for (const a of [c.open, c.high, c.low, c.close, c.volume]) {
    for (let i = 0; i < a.length; i++) if (a[i] === Infinity || a[i] === -Infinity) return false
  }
  return true
}

/** Whether the entry exists and matches `key`, from its header alone (a scan then need not rewrite it). */
export function isCandleCacheCurrent(file: string, key: CacheKey | null): boolean {
  if (!key) return false
  let fd: number
  try {
    fd = fs.openSync(file, READ_FLAGS)
  } catch {
    return false
  }
  try {
    const st = fs.fstatSync(fd)
    return st.isFile() && readLayout((pos, len) => readAt(fd, pos, len), st.size, key) !== null
  } catch {
    return false
  } finally {
    fs.closeSync(fd)
  }
}
