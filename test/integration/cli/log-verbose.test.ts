// `--verbose` on the one-shot commands: everything they write on stderr (start, end, warnings such as
// a quarantined database, a broken rules file's errors, a failed file) is a pino JSON line.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'
import { bundledDataPath } from '../../../electron/engine/market/index.ts'

interface Line {
  level: number
  time: string
  msg: string
  name: string
  [field: string]: unknown
}

/** Every stderr line parsed as JSON (a line that is not JSON fails the test here). */
function jsonLines(stderr: string, name: string): Line[] {
  const lines = stderr.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line)
  for (const l of lines) {
    expect(l).toMatchObject({ name, level: expect.any(Number), msg: expect.any(String) })
    expect(Date.parse(l.time)).not.toBeNaN()
  }
  return lines
}

describe('--verbose', () => {
  it('scan: start, a failed file and the end as JSON lines', async () => {
    const broken = path.join(tempDir('gw-verbose-'), 'broken.csv')
    fs.writeFileSync(broken, 'not,a,price,file\nx,y,z,w\n')
    const r = await runToEnd(['scan', '--verbose', bundledDataPath('eurusd_15m.csv'), broken, '--format', 'json'])
    const lines = jsonLines(r.stderr, 'gapwatch-scan')
    expect(lines[0]).toMatchObject({ level: 30, msg: 'scan: start', command: 'scan' })
    expect(lines[0].argv).not.toContain('--verbose') // taken out before the command parses its options
    expect(lines.find((l) => l.level === 50 && l.msg.includes('broken.csv'))).toBeDefined()
    expect(lines.at(-1)).toMatchObject({ level: 30, msg: 'scan: done', exitCode: r.code })
    expect(JSON.parse(r.stdout).symbols).toHaveLength(1) // stdout is still the command's output
  })

  it('cost: the quarantined database warning is a JSON line', async () => {
    const dataDir = tempDir('gw-verbose-')
    fs.writeFileSync(path.join(dataDir, 'gapwatch.db'), 'garbage '.repeat(1000))
    const r = await runToEnd(['cost', '--verbose', '--data-dir', dataDir, '--json'])
    const lines = jsonLines(r.stderr, 'gapwatch-cost')
    expect(lines.find((l) => l.level === 40 && /damaged.*moved to/.test(l.msg))).toBeDefined()
    expect(lines[0]).toMatchObject({ msg: 'cost: start' })
  })

  it('rules check: a broken file’s errors are JSON lines naming the file; the exit code is kept', async () => {
    const file = path.join(tempDir('gw-verbose-'), 'rules.yaml')
    fs.writeFileSync(file, 'rules:\n  - name: x\n    metric: cpu.totl\n    threshold: 1\n')
    const r = await runToEnd(['rules', 'check', file, '--verbose'])
    expect(r.code).not.toBe(0)
    const lines = jsonLines(r.stderr, 'gapwatch-rules')
    expect(lines.find((l) => l.level === 50 && l.file === file && /rules\.yaml:3:\d+/.test(l.msg))).toBeDefined()
  })

  it('without it, stderr stays plain text for people', async () => {
    const dataDir = tempDir('gw-verbose-')
    fs.writeFileSync(path.join(dataDir, 'gapwatch.db'), 'garbage '.repeat(1000))
    const r = await runToEnd(['cost', '--data-dir', dataDir, '--json'])
    expect(r.stderr).toMatch(/^warning: .*damaged.*moved to/m)
    expect(r.stderr).not.toMatch(/^\{/m)
  })
})
