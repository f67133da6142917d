// `gapwatch scan --out FIFO`: opening a FIFO for writing waits for a reader, and scan opened its
// --out before checking its options, so a usage error waited (for ever, with no reader) before it
// was printed. A FIFO is now opened once everything is checked; with a reader it gets the output.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'

const csv = path.resolve(import.meta.dirname, '../../resources/data/eurusd_15m.csv')

function fifoIn(dir: string): string {
  const fifo = path.join(dir, 'out.fifo')
  execFileSync('mkfifo', [fifo])
  return fifo
}

describe('gapwatch scan --out FIFO', () => {
  it.each([[['--timeframe', '7x']], [['--workers', '2', '--format', 'bogus']]])('%j with no reader: the usage error at once, exit 2', async (bad) => {
    const fifo = fifoIn(tempDir('gw-fifo-'))
    // Before the fix this never ended (the test's timeout failed it).
    const r = await runToEnd(['scan', csv, csv, ...bad, '--out', fifo])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^gapwatch: --(timeframe|format): "(7x|bogus)" is not /)
  }, 30_000)

  it.each([[[]], [['--workers', '2']]])('%j with a reader: it reads what --out FILE holds', async (flags) => {
    const dir = tempDir('gw-fifo-')
    const fifo = fifoIn(dir)
    const file = path.join(dir, 'zones.csv')
    expect((await runToEnd(['scan', csv, csv, ...flags, '--format', 'csv', '--out', file])).code).toBe(0)
    const chunks: Buffer[] = []
    const read = new Promise<string>((resolve, reject) => {
      fs.createReadStream(fifo)
        .on('data', (c) => chunks.push(c as Buffer))
        .on('end', () => resolve(Buffer.concat(chunks).toString()))
        .on('error', reject)
    })
    const r = await runToEnd(['scan', csv, csv, ...flags, '--format', 'csv', '--out', fifo])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const text = await read
    expect(text.length).toBeGreaterThan(1000)
    expect(text).toBe(fs.readFileSync(file, 'utf8'))
  }, 60_000)
})
