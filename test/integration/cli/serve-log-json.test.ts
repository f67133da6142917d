// `gapwatch serve --log-format json`: every stderr line is a pino JSON object (level, time, msg), for
// start-up warnings, the server's refusals and the shutdown; a wrong format is refused by name.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runToEnd, startServe, tempDir } from '../../helpers/serve.ts'

interface Line {
  level: number
  time: string
  msg: string
  name: string
  source?: string
}

describe('gapwatch serve --log-format json', () => {
  it('writes start-up warnings, refusals and the shutdown as JSON lines', async () => {
    const dataDir = tempDir('gw-serve-log-')
    fs.writeFileSync(path.join(dataDir, 'rules.yaml'), 'rules:\n  - name: x\n    metric: cpu.totl\n    threshold: 1\n')
    const served = await startServe(['--log-format', 'json'], dataDir)
    const refused = await fetch(`${served.url}/metrics`, { headers: { 'sec-fetch-site': 'cross-site' } })
    expect(refused.status).toBe(403)
    await expect.poll(() => served.stderr()).toMatch(/\/metrics/)
    expect(await served.stop('SIGTERM')).toBe(0)

    const lines = served.stderr().split('\n').filter((l) => l !== '')
    const parsed = lines.map((l) => JSON.parse(l) as Line)
    for (const p of parsed) {
      expect(p).toMatchObject({ name: 'gapwatch-serve', level: expect.any(Number), msg: expect.any(String) })
      expect(Number.isNaN(Date.parse(p.time))).toBe(false)
    }
    expect(parsed.find((p) => p.level === 40 && /rules\.yaml:3:\d+/.test(p.msg))).toBeDefined()
    expect(parsed.find((p) => p.level === 30 && p.msg.includes('/metrics'))).toBeDefined()
    expect(parsed.at(-1)).toMatchObject({ level: 30, msg: 'SIGTERM: saving history and stopping…' })
  }, 60_000)

  it('refuses another format, naming it', async () => {
    const r = await runToEnd(['serve', '--log-format', 'xml', '--port', '0', '--data-dir', tempDir('gw-serve-log-')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--log-format: "xml" is not text or json.')
  })
})
