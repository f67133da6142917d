// `gapwatch scan --out FIFO`: opening a FIFO for writing waits for a reader, and scan opened its
// --out before checking its options, so a usage error waited (for ever, with no reader) before it
// was printed. A FIFO is now opened once everything is checked; with a reader it gets the output.
// With --data-dir D, the scan held D's lock while it waited for a reader, so every other command on
// D (the app, serve, another scan) was refused meanwhile: D is now locked once the FIFO is open.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { lockDataDir } from '../../electron/engine/store/lock.ts'
import { runGapwatch, runToEnd } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'

const csv = path.resolve(import.meta.dirname, '../../resources/data/eurusd_15m.csv')

/**
 * The process is blocked opening a FIFO for writing (no reader yet), by its main thread's wait
 * channel: wait_for_partner on current kernels, fifo_open or pipe_wait on older ones.
 */
function waitsOnFifo(pid: number): boolean {
  try {
    return /wait_for_partner|fifo_open|pipe_wait/.test(fs.readFileSync(`/proc/${pid}/wchan`, 'utf8'))
  } catch {
    return false
  }
}

/** Reads the FIFO to its end. */
function readAll(fifo: string): Promise<string> {
  const chunks: Buffer[] = []
  return new Promise<string>((resolve, reject) => {
    fs.createReadStream(fifo)
      .on('data', (c) => chunks.push(c as Buffer))
      .on('end', () => resolve(Buffer.concat(chunks).toString()))
      .on('error', reject)
  })
}

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

  // Linux: the wait is seen in /proc (the FIFO must not be opened to look, or the wait would end).
  it.runIf(fs.existsSync('/proc/self/wchan'))('with --data-dir D and no reader yet: D is not locked while it waits, and the run then writes its output', async () => {
    const dir = tempDir('gw-fifo-')
    const fifo = fifoIn(dir)
    const data = path.join(dir, 'data')
    const waiting = runGapwatch(['scan', csv, '--format', 'csv', '--data-dir', data, '--out', fifo])
    let waitingErr = ''
    waiting.stderr!.on('data', (d: Buffer) => (waitingErr += d.toString()))
    const exited = new Promise<number | null>((resolve) => waiting.on('close', resolve))
    await expect.poll(() => waitsOnFifo(waiting.pid!), { timeout: 30_000, interval: 50 }).toBe(true)
    // Another command on D meanwhile: before, "Another Gapwatch (pid …) is already using the data directory".
    const other = await runToEnd(['scan', csv, '--format', 'json', '--data-dir', data, '--out', path.join(dir, 'other.json')])
    expect(other.stderr).toBe('')
    expect(other.code).toBe(0)
    expect(waitsOnFifo(waiting.pid!)).toBe(true) // still waiting for its reader
    const text = await readAll(fifo)
    expect(await exited).toBe(0)
    expect(waitingErr).toBe('')
    expect(text.split('\n').length).toBeGreaterThan(100)
  }, 60_000)

  it('with --data-dir D locked by another process: refused at once, without waiting for a reader', async () => {
    const dir = tempDir('gw-fifo-')
    const fifo = fifoIn(dir)
    const data = path.join(dir, 'data')
    fs.mkdirSync(data)
    const lock = lockDataDir(data)
    try {
      const r = await runToEnd(['scan', csv, '--format', 'csv', '--data-dir', data, '--out', fifo])
      expect(r.code).not.toBe(0)
      expect(r.stderr).toContain(`is already using the data directory ${data}`)
    } finally {
      lock.release()
    }
  }, 30_000)
})
