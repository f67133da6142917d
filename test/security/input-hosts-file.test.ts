// hosts.json is read with every /api/hosts request. Read with readFileSync, a FIFO in its place
// blocked the engine's one thread on the first request: no sample, no alert, no answer to anything,
// until something wrote to the pipe. Now it is read as every user-named file (regular, bounded), so
// the request gets an error naming the file and the engine goes on.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_JSON_FILE_BYTES } from '../../shared/limits.ts'
import { HostsStore } from '../../electron/server/hosts-store.ts'
import { startServe, tempDir, type Served } from '../helpers/serve.ts'

describe('hosts.json that is not a regular file', () => {
  let served: Served
  beforeAll(async () => {
    served = await startServe()
  }, 30_000)
  afterAll(async () => {
    await served.stop()
  })

  it('a FIFO: /api/hosts answers an error naming it, and the engine keeps answering', async () => {
    const file = path.join(served.dataDir, 'hosts.json')
    execFileSync('mkfifo', [file])
    const r = await fetch(`${served.url}/api/hosts`, { signal: AbortSignal.timeout(20_000) })
    expect(r.status).toBe(400)
    expect(((await r.json()) as { error: string }).error).toBe(`${file}: is a named pipe (FIFO), not a regular file`)
    expect((await fetch(`${served.url}/api/health`, { signal: AbortSignal.timeout(20_000) })).status).toBe(200)
    fs.rmSync(file)
  }, 60_000)

  it('over the bound: refused with its size, before it is parsed', () => {
    const dir = tempDir('gw-hosts-file-')
    fs.writeFileSync(path.join(dir, 'hosts.json'), `{"hosts": []${' '.repeat(MAX_JSON_FILE_BYTES)}}`)
    expect(() => new HostsStore(dir).list()).toThrow(/hosts\.json: is 1\.0 MiB \(\d+ bytes\), over the 1\.0 MiB limit for a settings file/)
  })

  it('missing: no hosts', () => {
    expect(new HostsStore(tempDir('gw-hosts-file-')).list()).toEqual([])
  })
})
