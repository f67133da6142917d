// CSV import as a streamed HTTP upload (POST /api/import?name=FILE.csv): imported when good, 400
// with file:line when bad, 413 past MAX_IMPORT_BYTES, 415 when not CSV; no temp file is left behind.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImportCsvResultSchema } from '../../shared/scanner.ts'
import { MAX_IMPORT_BYTES } from '../../shared/limits.ts'
import { startServe, type Served } from '../helpers/serve.ts'

const TOKEN = 'upload-test-token-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }

const GOOD_CSV = ['timestamp,open,high,low,close,volume']
  .concat(Array.from({ length: 40 }, (_, i) => `${Date.UTC(2024, 0, 1) + i * 3_600_000},1.1,1.2,1.0,1.15,100`))
  .join('\n')
const BAD_CSV = ['timestamp,open,high,low,close', '1704067200000,1.1,1.2,1.0,1.15', '1704070800000,1.15,abc,1.1,1.12'].join('\n')

/** POSTs `chunks` without Content-Length (chunked), so the server learns the size only as it reads. */
function postChunked(url: string, chunks: Iterable<Buffer>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' } }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    // Once the server has answered 413 it stops reading: writes after that may fail, as expected.
    req.on('error', reject)
    const it = chunks[Symbol.iterator]()
    const pump = () => {
      for (;;) {
        const next = it.next()
        if (next.done) return req.end()
        if (!req.write(next.value)) return req.once('drain', pump)
      }
    }
    pump()
  })
}

describe('CSV import over HTTP', () => {
  let served: Served
  let uploads: string
  beforeAll(async () => {
    served = await startServe(['--interval', '1s', '--token', TOKEN])
    uploads = path.join(served.dataDir, 'imports', '.uploads')
  })
  afterAll(async () => {
    await served.stop()
  })
  const leftovers = () => (fs.existsSync(uploads) ? fs.readdirSync(uploads) : [])

  it('imports an uploaded file into the watchlist, kept private (0600)', async () => {
    const res = await fetch(`${served.url}/api/import?name=UPL.csv`, { method: 'POST', body: GOOD_CSV, headers: auth })
    expect(res.status).toBe(200)
    const result = ImportCsvResultSchema.parse(await res.json())
    expect(result).toMatchObject({ symbol: 'UPL', rows: 40 })
    const kept = path.join(served.dataDir, 'imports', 'UPL.csv')
    expect(fs.readFileSync(kept, 'utf8')).toBe(GOOD_CSV)
    expect(fs.statSync(kept).mode & 0o777).toBe(0o600)
    expect(leftovers()).toEqual([])
  })

  it("answers 400 with the importer's file:line message and leaves nothing behind", async () => {
    const res = await fetch(`${served.url}/api/import?name=bad.csv`, { method: 'POST', body: BAD_CSV, headers: auth })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/bad\.csv:3/)
    expect(fs.existsSync(path.join(served.dataDir, 'imports', 'BAD.csv'))).toBe(false)
    expect(leftovers()).toEqual([])
  })

  it('answers 415 to a non-CSV name or content, saying what it is, and leaves nothing behind', async () => {
    const xlsx = await fetch(`${served.url}/api/import?name=prices.xlsx`, { method: 'POST', body: GOOD_CSV, headers: auth })
    expect(xlsx.status).toBe(415)
    expect(((await xlsx.json()) as { error: string }).error).toBe('prices.xlsx: only CSV files (.csv, .txt) can be imported.')
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)])
    const renamed = await fetch(`${served.url}/api/import?name=WB.csv`, { method: 'POST', body: zip, headers: auth })
    expect(renamed.status).toBe(415)
    expect(((await renamed.json()) as { error: string }).error).toMatch(/^WB\.csv: it is a ZIP archive .*not CSV text\.$/)
    const binary = await fetch(`${served.url}/api/import?name=BIN.csv`, { method: 'POST', body: Buffer.from('timestamp,open\n1\0'), headers: auth })
    expect(binary.status).toBe(415)
    expect(((await binary.json()) as { error: string }).error).toMatch(/NUL byte at offset 16/)
    expect(fs.existsSync(path.join(served.dataDir, 'imports', 'WB.csv'))).toBe(false)
    expect(leftovers()).toEqual([])
  })

  it('needs the token and a file name', async () => {
    expect((await fetch(`${served.url}/api/import?name=X.csv`, { method: 'POST', body: GOOD_CSV })).status).toBe(401)
    const noName = await fetch(`${served.url}/api/import`, { method: 'POST', body: GOOD_CSV, headers: auth })
    expect(noName.status).toBe(400)
    expect(((await noName.json()) as { error: string }).error).toMatch(/^name:/)
  })

  it('answers 413 at once when Content-Length is over the limit', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${served.url}/api/import?name=BIG.csv`, {
        method: 'POST',
        headers: { ...auth, 'content-length': String(MAX_IMPORT_BYTES + 1) },
      })
      req.on('response', (r) => resolve(r.statusCode ?? 0))
      req.on('error', reject)
      req.flushHeaders()
    })
    expect(res).toBe(413)
    expect(leftovers()).toEqual([])
  })

  it('answers 413 once a streamed body passes the limit, removes the temp file, and keeps serving', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x31)
    const count = MAX_IMPORT_BYTES / chunk.length + 4
    const res = await postChunked(`${served.url}/api/import?name=HUGE.csv`, Array.from({ length: count }, () => chunk))
    expect(res).toMatchObject({ status: 413, body: expect.stringMatching(/larger than 64 MiB/) })
    expect(leftovers()).toEqual([])
    expect(fs.existsSync(path.join(served.dataDir, 'imports', 'HUGE.csv'))).toBe(false)
    expect((await fetch(`${served.url}/api/health`, { headers: auth })).status).toBe(200)
  })
})
