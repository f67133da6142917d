// `gapwatch scan --workers 2` where the workers write their files' parts straight to the output in
// input order (engine/pool/output-turn.ts, cli/scan-turns.ts): to an --out file and to a real pipe
// the bytes equal the gathered in-process output for every format, split file or not; a reader that
// closes the pipe ends the run cleanly; a worker killed while writing fails the run, clearly.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { gapwatchBin, runGapwatch, tempDir } from '../../helpers/serve.ts'
import { generateCandles, writeCandlesCsv } from '../../../electron/engine/market/index.ts'
import { runScanJob } from '../../../electron/engine/pool/scan-job.ts'
import { formatScan, type ScanFormat } from '../../../electron/engine/pool/scan-output.ts'
import { SMALL_RANGE_BYTES, smallRangesEnv } from '../../helpers/split-env.ts'
import { planCsvRanges } from '../../../electron/engine/market/csv-range.ts'


function writeFiles(counts: number[]): string[] {
  const dir = tempDir('gw-scan-out-')
  return counts.map((count, i) => {
    const f = path.join(dir, `F${i}.csv`)
    writeCandlesCsv(f, generateCandles({ seed: i + 1, count, intervalMs: 60_000, startPrice: 100 }))
    return f
  })
}

/** The in-process scans of `files`, formatted together (gathered), as bytes. */
async function gathered(format: ScanFormat, files: string[]): Promise<Buffer> {
  const scanned = await Promise.all(files.map(async (f) => ({
    file: f,
    result: await runScanJob({ kind: 'scan', symbol: path.basename(f, '.csv'), source: { kind: 'file', path: f }, options: {} }),
  })))
  const out: Buffer[] = []
  formatScan(format, scanned, { files: files.length, failed: 0, workers: 2, candles: 0, fvgs: 0, wallMs: 0, candlesPerSec: 0, balance: 1 }, (c) => out.push(Buffer.from(c)))
  return Buffer.concat(out)
}

/** The output without its stats (wall time, rate, balance differ from run to run). */
function body(format: ScanFormat, b: Buffer): string {
  const s = b.toString('utf8')
  if (format === 'json') return s.slice(0, s.lastIndexOf('],"stats":'))
  if (format === 'table') return s.slice(0, s.lastIndexOf('\n\n'))
  return s
}

/** Runs the scan through `bash -c '… | cat > OUT'`: the CLI's standard output is a real pipe. */
function scanThroughPipe(args: string[], out: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const quoted = [process.execPath, gapwatchBin, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ')
  const child = spawn('bash', ['-o', 'pipefail', '-c', `${quoted} | cat > '${out}'`], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })))
}

async function scanTo(target: 'file' | 'pipe', files: string[], format: ScanFormat, env: NodeJS.ProcessEnv = {}): Promise<Buffer> {
  const out = path.join(path.dirname(files[0]), `out-${target}.${format}`)
  const args = ['scan', ...files, '--workers', '2', '--format', format]
  const r = target === 'file' ? await runToEndQuiet([...args, '--out', out], env) : await scanThroughPipe(args, out, env)
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return fs.readFileSync(out)
}

function runToEndQuiet(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  const child = runGapwatch(args, env)
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })))
}

describe('gapwatch scan: workers write their parts in order', () => {
  for (const format of ['json', 'csv', 'table'] as const) {
    it(`${format}: to --out and to a pipe, byte for byte as the gathered in-process output`, async () => {
      // Different sizes, so later files often finish before earlier ones.
      const files = writeFiles([12_000, 4000, 8000, 20_000, 16_000])
      const expected = body(format, await gathered(format, files))
      for (const target of ['file', 'pipe'] as const) {
        expect(body(format, await scanTo(target, files, format)), target).toBe(expected)
      }
    })
  }

  for (const format of ['json', 'csv'] as const) {
    it(`${format}: with the last file split in byte ranges, to --out and to a pipe, as the gathered output`, async () => {
      const files = writeFiles([30_000, 50_000])
      const planned = planCsvRanges(files[1], SMALL_RANGE_BYTES, 2)
      expect(planned?.ranges.length).toBeGreaterThan(2) // over the range size these runs are given
      const expected = body(format, await gathered(format, files))
      for (const target of ['file', 'pipe'] as const) {
        const jobs = path.join(path.dirname(files[0]), `ranges-${target}.json`)
        const env = smallRangesEnv(jobs)
        expect(body(format, await scanTo(target, files, format, env)), target).toBe(expected)
        // The last file was split: its planned ranges went to the workers (the first one, with more work behind it, whole).
        expect(JSON.parse(fs.readFileSync(jobs, 'utf8')), target).toEqual(planned!.ranges.map((r) => ({ path: files[1], ...r })))
      }
    })
  }

  it('ends cleanly when the reader closes the pipe early (gapwatch scan … | head)', async () => {
    const files = writeFiles([40_000, 40_000, 40_000, 40_000])
    const child = runGapwatch(['scan', ...files, '--workers', '2', '--format', 'json'])
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const first = await new Promise<Buffer>((resolve) => child.stdout!.once('data', resolve))
    expect(first.subarray(0, 12).toString()).toBe('{"symbols":[')
    child.stdout!.destroy() // the output is megabytes: the writers meet a closed pipe
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it.runIf(process.platform === 'linux')('fails the run, saying the output is incomplete, when a worker is killed while writing', async () => {
    // File 0's part is megabytes: with the reader paused its worker waits mid-write.
    const files = writeFiles([120_000, 4000])
    const child = runGapwatch(['scan', ...files, '--workers', '2', '--format', 'json'])
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    let received = 0
    const chunks: Buffer[] = []
    await new Promise<void>((resolve) => {
      const onData = (d: Buffer) => {
        chunks.push(d)
        received += d.length
        if (received < 64 * 1024) return
        child.stdout!.pause()
        child.stdout!.off('data', onData)
        resolve()
      }
      child.stdout!.on('data', onData)
    })
    // The CLI's children are its workers; one of them is writing file 0's part.
    const pid = child.pid!
    const workers = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number)
    expect(workers.length).toBeGreaterThan(0)
    for (const w of workers) process.kill(w, 'SIGKILL')
    child.stdout!.on('data', (d: Buffer) => chunks.push(d))
    child.stdout!.resume()
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).not.toBe(0)
    expect(code).not.toBe(null)
    expect(stderr).toContain(`The output is incomplete: writing ${files[0]}'s part failed: the worker process writing it ended (SIGKILL)`)
    expect(() => JSON.parse(Buffer.concat(chunks).toString('utf8'))).toThrow()
  })

  it('to standard output redirected to a file that held an earlier output (`>`), the same bytes as to --out', async () => {
    const files = writeFiles([6000, 3000])
    const args = ['scan', ...files, '--workers', '2', '--format', 'csv']
    const out = path.join(path.dirname(files[0]), 'out.csv')
    const r = await runToEndQuiet([...args, '--out', out])
    expect(r.code).toBe(0)
    const redirected = path.join(path.dirname(files[0]), 'redirected.csv')
    fs.writeFileSync(redirected, 'x'.repeat(1_000_000))
    const fd = fs.openSync(redirected, 'w') // as the shell's `>` opens it: truncated, so begin() sees an empty regular file
    const child = spawn(process.execPath, [gapwatchBin, ...args], { stdio: ['ignore', fd, 'pipe'] })
    fs.closeSync(fd)
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(fs.readFileSync(redirected).toString()).toBe(fs.readFileSync(out).toString())
  })

  it('a usage error leaves no --out file behind, and an existing one as it was', async () => {
    const [file] = writeFiles([2000])
    const fresh = path.join(path.dirname(file), 'fresh.json')
    const kept = path.join(path.dirname(file), 'kept.json')
    fs.writeFileSync(kept, 'earlier output\n')
    for (const out of [fresh, kept]) {
      const r = await runToEndQuiet(['scan', file, '--workers', '2', '--middle', 'sideways', '--out', out])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/Invalid option: .*middle/)
    }
    expect(fs.existsSync(fresh)).toBe(false)
    expect(fs.readFileSync(kept, 'utf8')).toBe('earlier output\n')
  })

  it.runIf(fs.existsSync('/dev/full'))('a full output fails the run naming the output, in-process and with workers', async () => {
    const [a, b] = writeFiles([2000, 2000])
    for (const args of [[a], [a, b, '--workers', '2']]) {
      const r = await runToEndQuiet(['scan', ...args, '--format', 'json', '--out', '/dev/full'])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/ENOSPC/)
      expect(r.stderr).toMatch(/\/dev\/full/)
    }
  })
})
