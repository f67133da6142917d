// Uploads received at once are bounded (MAX_CONCURRENT_UPLOADS): each may hold up to
// MAX_IMPORT_BYTES on disk while it arrives and waits for its parse, so a client opening uploads
// without end could fill the disk 64 MiB at a time. The next one gets 429 in words, its body unread;
// once one ends, uploads are taken again.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_CONCURRENT_UPLOADS } from '../../shared/limits.ts'
import { startServe, type Served } from '../helpers/serve.ts'

const TOKEN = 'upload-concurrency-token-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }
const CSV = ['timestamp,open,high,low,close']
  .concat(Array.from({ length: 20 }, (_, i) => `${Date.UTC(2024, 0, 1) + i * 3_600_000},1.1,1.2,1.0,1.15`))
  .join('\n')

/** An upload that sends its first bytes and then never ends (until `abort`). */
function hangingUpload(url: string): { abort: () => void } {
  const req = http.request(url, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv', 'content-length': String(10 * 1024 * 1024) } })
  req.on('error', () => {}) // aborted by the test
  req.write(`${CSV}\n`)
  return { abort: () => req.destroy() }
}

describe('concurrent uploads', () => {
  let served: Served
  let uploads: string
  beforeAll(async () => {
    served = await startServe(['--interval', '1s', '--token', TOKEN])
    uploads = path.join(served.dataDir, 'imports', '.uploads')
  })
  afterAll(async () => {
    await served.stop()
  })
  const staged = () => (fs.existsSync(uploads) ? fs.readdirSync(uploads).length : 0)

  it(`takes ${MAX_CONCURRENT_UPLOADS} at once, refuses the next with 429, and takes uploads again once one ends`, async () => {
    const hanging = Array.from({ length: MAX_CONCURRENT_UPLOADS }, (_, i) => hangingUpload(`${served.url}/api/import?name=H${i}.csv`))
    try {
      await expect.poll(staged, { timeout: 30_000 }).toBe(MAX_CONCURRENT_UPLOADS)
      const refused = await fetch(`${served.url}/api/import?name=NEXT.csv`, { method: 'POST', body: CSV, headers: auth })
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(((await refused.json()) as { error: string }).error).toBe(`${MAX_CONCURRENT_UPLOADS} imports are being received already; try again when one has finished.`)
      expect(staged()).toBe(MAX_CONCURRENT_UPLOADS)
    } finally {
      hanging.forEach((h) => h.abort())
    }
    await expect.poll(staged, { timeout: 30_000 }).toBe(0)
    const taken = await fetch(`${served.url}/api/import?name=AFTER.csv`, { method: 'POST', body: CSV, headers: auth })
    expect(taken.status).toBe(200)
    expect(staged()).toBe(0)
  })
})
