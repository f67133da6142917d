// A small JSON request body (login, a saved host), read with a bound counted in BYTES as they
// arrive (not characters: a body of multi-byte characters is refused at the same size as any other)
// and decoded once it is whole, so a character split across two chunks is read intact. The whole
// body has JSON_BODY_TIMEOUT_MS to arrive: a client that sends part of it and stops, or dribbles a
// byte every few seconds, gets 408 and its connection closes, rather than hold the socket for
// Node's 5-minute request timeout.
import type http from 'node:http'
import { JSON_BODY_TIMEOUT_MS } from '../../shared/limits.ts'
import type { Rejection } from './reply.ts'

export type JsonBody = { ok: true; value: unknown } | { ok: false; rejection: Rejection }

/**
 * The request's body parsed as JSON, or the answer to give: 413 past `maxBytes` (reading stops
 * there, and the connection closes once that answer has gone), 408 when all of it has not come
 * within `timeoutMs` (closed the same way), 400 when it is not JSON or could not be read. `shape`
 * shows what to send, e.g. '{"token": "..."}'.
 */
export function readJsonBody(req: http.IncomingMessage, maxBytes: number, shape: string, timeoutMs = JSON_BODY_TIMEOUT_MS): Promise<JsonBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let bytes = 0
    let settled = false
    const finish = (result: JsonBody) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
      if (!result.ok) req.pause() // no more of the body is read; the answer closes the connection
      resolve(result)
    }
    const close = { connection: 'close' }
    const timer = setTimeout(() => {
      const s = timeoutMs / 1000
      finish({ ok: false, rejection: { status: 408, message: `The request body did not arrive within ${s} s: send ${shape} at once.`, headers: close } })
    }, timeoutMs)
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      bytes += buf.length
      if (bytes > maxBytes) {
        const kib = maxBytes / 1024
        return finish({ ok: false, rejection: { status: 413, message: `Send ${shape}: at most ${Number.isInteger(kib) ? `${kib} KiB` : `${maxBytes} bytes`}.`, headers: close } })
      }
      chunks.push(buf)
    }
    const onEnd = () => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks, bytes).toString('utf8')) })
      } catch {
        finish({ ok: false, rejection: { status: 400, message: `Send ${shape} as JSON.` } })
      }
    }
    const unread = (): JsonBody => ({ ok: false, rejection: { status: 400, message: `The request body could not be read: send ${shape}.` } })
    const onError = () => finish(unread())
    const onClose = () => {
      if (!req.complete) finish(unread())
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
    if (req.readableEnded) onEnd()
    else if (req.destroyed) onClose()
  })
}
