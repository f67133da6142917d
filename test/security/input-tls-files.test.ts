// `gapwatch serve --tls-cert/--tls-key` read their files with readFileSync: /dev/zero grew the
// process without end (killed after 60 s here, still reading) and a FIFO with no writer hung it
// before it listened. Now they are read like every file a user names (engine/market/read-file.ts):
// a regular file of at most MAX_PEM_FILE_BYTES, else exit 2 naming the flag, the file and why.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_PEM_FILE_BYTES } from '../../shared/limits.ts'
import { runToEnd, tempDir } from '../helpers/serve.ts'

const serve = (cert: string, key: string) => runToEnd(['serve', '--port', '0', '--data-dir', tempDir('gw-tls-data-'), '--tls-cert', cert, '--tls-key', key])

describe('serve --tls-cert / --tls-key on files that are not PEM files', () => {
  it('/dev/zero as the certificate: exit 2 naming the flag and the device', async () => {
    const r = await serve('/dev/zero', '/dev/zero')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('gapwatch: --tls-cert: /dev/zero: is a character device, not a regular file.\n')
  }, 30_000)

  it('a FIFO as the key: exit 2 at once instead of waiting for a writer', async () => {
    const dir = tempDir('gw-tls-')
    const cert = path.join(dir, 'cert.pem')
    fs.writeFileSync(cert, '-----BEGIN CERTIFICATE-----\n')
    const fifo = path.join(dir, 'key.pem')
    execFileSync('mkfifo', [fifo])
    const r = await serve(cert, fifo)
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`gapwatch: --tls-key: ${fifo}: is a named pipe (FIFO), not a regular file.\n`)
  }, 30_000)

  it('a file over the bound: exit 2 with its size and the limit', async () => {
    const dir = tempDir('gw-tls-')
    const big = path.join(dir, 'big.pem')
    fs.writeFileSync(big, Buffer.alloc(MAX_PEM_FILE_BYTES + 1, 0x41))
    const r = await serve(big, big)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^gapwatch: --tls-cert: .*big\.pem: is 1\.0 MiB \(\d+ bytes\), over the 1\.0 MiB limit for a PEM file\.\n$/)
  }, 30_000)

  it('a missing file: exit 2 naming it', async () => {
    const r = await serve('/nonexistent/cert.pem', '/nonexistent/key.pem')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('gapwatch: --tls-cert: /nonexistent/cert.pem: no such file.\n')
  }, 30_000)
})
