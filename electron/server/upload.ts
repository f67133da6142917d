// POST /api/import?name=FILE.csv[&tz=ZONE]: a CSV import streamed to a private temp file (never held in
// memory, never in one WebSocket frame), capped at MAX_IMPORT_BYTES (413), refused with 415 when
// its name or first bytes say it is not CSV text (engine/market/sniff.ts), ended with 408 when its body
// stops arriving for UPLOAD_STALL_MS (its slot freed), then handed to the engine,
// whose pool worker validates and scans it in one parse before it is moved into the imports folder. The temp file is removed on any failure, once its
// stream has closed (its asynchronous open creates the file: removing it earlier left empty files
// behind an aborted upload), and the folder is swept when the server starts.
import { crypto, fs } from '../engine/builtins.ts'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MAX_CONCURRENT_UPLOADS, MAX_IMPORT_BYTES, UPLOAD_STALL_MS } from '../../shared/limits.ts'
import type { Engine } from '../engine/engine.ts'
import { nonCsvName, nonCsvReason, SNIFF_BYTES } from '../engine/market/index.ts'
import { stagingDir } from '../engine/scanner/import-files.ts'
import { send } from './reply.ts'

const MIB = 1024 * 1024

/** Where uploads are written while they arrive: the engine's staging folder for imports. */
export function uploadsDir(dataDir: string): string {
  return stagingDir(path.join(dataDir, 'imports'))
}


/** An error answer, then the connection ends once it has gone: the rest of the body is never read. */
function sendAndClose(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  res.setHeader('connection', 'close')
  res.on('finish', () => req.socket.destroy())
  send(res, status, { error })
}

/** 413: the body is over the import limit. */
function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  sendAndClose(req, res, 413, `The upload is larger than ${MAX_IMPORT_BYTES / MIB} MiB, the import limit.`)
}

export interface UploadOptions {
  /** How long the body may send nothing before the upload is ended with 408 (default UPLOAD_STALL_MS). */
  stallMs?: number
}

/** Uploads each engine is receiving or parsing now (MAX_CONCURRENT_UPLOADS at most). */
const active = new WeakMap<Engine, number>()

/** 429 before the body is read; the connection ends once the answer has gone, as with 413. */
function busy(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close')
  res.setHeader('retry-after', '5')
  res.on('finish', () => req.socket.destroy())
  send(res, 429, { error: `${MAX_CONCURRENT_UPLOADS} imports are being received already; try again when one has finished.` })
}

export async function handleImport(engine: Engine, url: URL, req: IncomingMessage, res: ServerResponse, o: UploadOptions = {}): Promise<void> {
  const n = active.get(engine) ?? 0
  if (n >= MAX_CONCURRENT_UPLOADS) return busy(req, res)
  active.set(engine, n + 1)
  try {
    await importUpload(engine, url, req, res, o.stallMs ?? UPLOAD_STALL_MS)
  } finally {
    active.set(engine, (active.get(engine) ?? 1) - 1)
  }
}

async function importUpload(engine: Engine, url: URL, req: IncomingMessage, res: ServerResponse, stallMs: number): Promise<void> {
  const name = url.searchParams.get('name')
  if (!name || name.length > 255) return send(res, 400, { error: 'name: give the file name (up to 255 characters) as ?name=FILE.csv.' })
  // ?tz=ZONE: the zone of the file's wall-clock times; ?tz= (empty) = UTC; absent = the symbol's remembered zone.
  const tzParam = url.searchParams.get('tz')
  const tz = tzParam === null ? undefined : tzParam.trim() === '' ? null : tzParam
  if (tz && tz.length > 64) return send(res, 400, { error: 'tz: give an IANA time zone (e.g. Europe/Athens) or a UTC offset (e.g. +02:00), up to 64 characters.' })
  const badName = nonCsvName(name)
  if (badName) return send(res, 415, { error: `${path.basename(name)}: ${badName}.` })
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES) return tooLarge(req, res)

  const dir = uploadsDir(engine.dataDir)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tmp = path.join(dir, `${crypto.randomBytes(16).toString('hex')}.csv`)
  // The staged file is removed before the answer goes out, so a client that has its answer never
  // finds it (the engine moves it into place on success).
  let reply: { status: number; body: unknown } | Exclude<Received, 'complete'>
  try {
    reply = await receiveAndImport(engine, req, tmp, name, tz, stallMs)
  } finally {
    fs.rmSync(tmp, { force: true })
  }
  if (reply === 'too large') tooLarge(req, res)
  else if (reply === 'stalled') sendAndClose(req, res, 408, `The upload stalled: no bytes of it came for ${stallMs / 1000} s. Send the file again.`)
  else send(res, reply.status, reply.body)
}

/** Receives the body into `tmp`, checks it is CSV text and imports it: the answer to send. */
async function receiveAndImport(engine: Engine, req: IncomingMessage, tmp: string, name: string, tz: string | null | undefined, stallMs: number) {
  const received = await receive(req, tmp, stallMs)
  if (received !== 'complete') return received
  const notCsv = nonCsvReason(readHead(tmp))
  if (notCsv) return { status: 415, body: { error: `${path.basename(name)}: ${notCsv}.` } }
  try {
    return { status: 200, body: await engine.importCsvFile(name, tmp, { move: true, tz }) }
  } catch (err) {
    return { status: 400, body: { error: (err as Error).message } }
  }
}

/** The first bytes of a received upload, for nonCsvReason. */
function readHead(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r')
  try {
    const head = Buffer.alloc(SNIFF_BYTES)
    return head.subarray(0, fs.readSync(fd, head, 0, SNIFF_BYTES, 0))
  } finally {
    fs.closeSync(fd)
  }
}

/** How a body's receipt ended: all of it written; over MAX_IMPORT_BYTES; nothing came for the stall time. */
type Received = 'complete' | 'too large' | 'stalled'

/**
 * Streams the body to `file` (created 0600, never over an existing file), until it ends, passes the
 * cap or sends nothing for `stallMs` (while this side waits on the disk, the client is not timed).
 * Settles only after the file's stream has closed, so the caller's removal comes after its creation.
 */
function receive(req: IncomingMessage, file: string, stallMs: number): Promise<Received> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 })
    let bytes = 0
    let settled = false
    let stall: NodeJS.Timeout | null = null
    const unwatch = () => {
      if (stall) clearTimeout(stall)
      stall = null
    }
    const fail = (err: Error) => {
      unwatch()
      if (settled) return
      settled = true
      out.destroy()
      if (out.closed) reject(err)
      else out.once('close', () => reject(err))
    }
    /** Reads no more of the body: the file is dropped, and the answer `r` follows once it has closed. */
    const stop = (r: Received) => {
      unwatch()
      settled = true // pending writes now fail with the stream: expected, not an error
      req.pause()
      req.removeAllListeners('data')
      out.destroy()
      out.on('close', () => resolve(r))
    }
    /** (Re)starts the stall timer: one timer for the upload, refreshed per chunk, not one per chunk. */
    const watch = () => {
      if (settled) return
      if (stall) stall.refresh()
      else stall = setTimeout(() => stop('stalled'), stallMs)
    }
    out.on('error', fail)
    req.on('error', fail)
    req.on('close', () => {
      if (!req.complete) fail(new Error('The upload was cut off.'))
    })
    if (req.destroyed && !req.complete) fail(new Error('The upload was cut off.')) // closed before we listened
    watch()
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      if (bytes > MAX_IMPORT_BYTES) return stop('too large')
      if (!out.write(chunk)) {
        unwatch()
        req.pause()
        out.once('drain', () => {
          watch()
          req.resume()
        })
      } else watch()
    })
    req.on('end', () => {
      unwatch()
      out.on('close', () => resolve('complete'))
      out.end()
    })
  })
}
