// A small JSON request body (login, a saved host), read with a bound counted in BYTES as they
// arrive (not characters: a body of multi-byte characters is refused at the same size as any other)
// and decoded once it is whole, so a character split across two chunks is read intact.
import type http from 'node:http'
import type { Rejection } from './reply.ts'

export type JsonBody = { ok: true; value: unknown } | { ok: false; rejection: Rejection }

/**
 * The request's body parsed as JSON, or the answer to give: 413 past `maxBytes` (reading stops
 * there, and the connection closes once that answer has gone), 400 when it is not JSON or could
 * not be read. `shape` shows what to send, e.g. '{"token": "..."}'.
 */
export async function readJsonBody(req: http.IncomingMessage, maxBytes: number, shape: string): Promise<JsonBody> {
  const chunks: Buffer[] = []
  let bytes = 0
  try {
    for await (const chunk of req as AsyncIterable<Buffer | string>) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      bytes += buf.length
      if (bytes > maxBytes) {
        const kib = maxBytes / 1024
        return { ok: false, rejection: { status: 413, message: `Send ${shape}: at most ${Number.isInteger(kib) ? `${kib} KiB` : `${maxBytes} bytes`}.`, headers: { connection: 'close' } } }
      }
      chunks.push(buf)
    }
  } catch {
    return { ok: false, rejection: { status: 400, message: `The request body could not be read: send ${shape}.` } }
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks, bytes).toString('utf8')) }
  } catch {
    return { ok: false, rejection: { status: 400, message: `Send ${shape} as JSON.` } }
  }
}
