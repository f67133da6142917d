// An upload that sends part of its body and stops held one of MAX_CONCURRENT_UPLOADS slots until
// Node's request timeout, 5 minutes: four such sockets refused every import (429) meanwhile. A body
// that sends nothing for the stall time (UPLOAD_STALL_MS, injected short here) now gets 408 in words,
// its connection is closed and its slot is free; a slow but steady upload is not cut.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../electron/engine/engine.ts'
import { startServer, type RunningServer } from '../../electron/server/server.ts'
import { uploadsDir } from '../../electron/server/upload.ts'
import { MAX_CONCURRENT_UPLOADS } from '../../shared/limits.ts'
import { dripRequest, portOf } from '../helpers/raw-http.ts'
import { tempDir } from '../helpers/temp.ts'

/** Short for the test; long enough that a loaded machine's timer lag (the client's drip and the server share a thread) does not pass it. */
const STALL_MS = 2000
const CSV = ['timestamp,open,high,low,close']
  .concat(Array.from({ length: 20 }, (_, i) => `${Date.UTC(2024, 0, 1) + i * 3_600_000},1.1,1.2,1.0,1.15`))
  .join('\n')

/** The engine's part of an upload is its data folder and the import (stubbed: only the HTTP side is under test). */
function stubEngine(imported: string[]): Engine {
  const engine = {
    on: () => () => {},
    call: () => Promise.reject(new Error('no engine')),
    dataDir: tempDir('gw-upload-stall-'),
    importCsvFile: async (name: string, file: string) => {
      imported.push(fs.readFileSync(file, 'utf8'))
      return { symbol: path.basename(name, '.csv') }
    },
  }
  return engine as unknown as Engine
}

let server: RunningServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

/** POSTs `name` with a Content-Length of the whole CSV, sending `parts` `everyMs` apart (then nothing); resolves with the reply once the server closes. */
function upload(port: number, name: string, parts: string[], everyMs: number): Promise<string> {
  const head = `POST /api/import?name=${name} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: text/csv\r\nContent-Length: ${Buffer.byteLength(CSV)}\r\n\r\n`
  return dripRequest(port, head, parts, everyMs)
}

describe('an upload whose body stalls', () => {
  it(`gets 408 after the stall time and frees its slot: ${MAX_CONCURRENT_UPLOADS} stalled uploads, then another is taken`, async () => {
    const imported: string[] = []
    const engine = stubEngine(imported)
    server = await startServer({ engine, host: '127.0.0.1', port: 0, uploadStallMs: STALL_MS })
    const port = portOf(server.url)
    const half = CSV.slice(0, CSV.length >> 1)
    const stalled = await Promise.all(Array.from({ length: MAX_CONCURRENT_UPLOADS }, (_, i) => upload(port, `S${i}.csv`, [half], 0)))
    for (const reply of stalled) {
      expect(reply).toMatch(/^HTTP\/1\.1 408 /) // before: no answer until Node's 5-minute request timeout
      expect(reply).toContain(`The upload stalled: no bytes of it came for ${STALL_MS / 1000} s. Send the file again.`)
    }
    expect(fs.readdirSync(uploadsDir(engine.dataDir))).toEqual([]) // nothing of them is kept
    // The slots are free again: a whole upload is taken, not refused with 429.
    const next = await upload(port, 'NEXT.csv', [CSV], 0)
    expect(next).toMatch(/^HTTP\/1\.1 200 /)
    expect(imported).toEqual([CSV])
  }, 30_000)

  it('a slow but steady body is not cut: the stall time is between bytes, not for the whole body', async () => {
    const imported: string[] = []
    server = await startServer({ engine: stubEngine(imported), host: '127.0.0.1', port: 0, uploadStallMs: STALL_MS })
    // Twelve parts an eighth of the stall time apart: 1.5 times the stall time in all.
    const step = Math.ceil(CSV.length / 12)
    const parts = Array.from({ length: 12 }, (_, i) => CSV.slice(i * step, (i + 1) * step))
    const reply = await upload(portOf(server.url), 'SLOW.csv', parts, STALL_MS / 8)
    expect(reply).toMatch(/^HTTP\/1\.1 200 /)
    expect(imported).toEqual([CSV])
  }, 30_000)
})
