// `gapwatch serve` on a port another program holds: one clear line naming the port and --port,
// and nothing created on disk.
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'

describe('gapwatch serve on a busy port', () => {
  const cleanup: Array<() => void> = []
  afterEach(() => cleanup.splice(0).forEach((f) => f()))

  it('names the port and --port, exits 2, and creates no data directory', async () => {
    const holder = net.createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => holder.close())
    const port = (holder.address() as net.AddressInfo).port
    const parent = tempDir('gw-port-')
    cleanup.push(() => fs.rmSync(parent, { recursive: true, force: true }))
    const dataDir = path.join(parent, 'data')

    const r = await runToEnd(['serve', '--port', String(port), '--data-dir', dataDir])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`)
    expect(r.stderr).toContain('--port')
    expect(r.stderr).not.toContain('EADDRINUSE')
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(fs.existsSync(dataDir)).toBe(false)
  })
})
