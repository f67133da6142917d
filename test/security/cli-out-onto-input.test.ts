// `gapwatch scan FILE --out FILE` opened the output for writing (truncating it) before the input
// was read: the user's candle file was replaced by an error and a `{"symbols":[]}` line. The same
// through a symlink, a hard link or `./FILE`. Now the scan refuses before touching anything.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { gapwatchBin, runToEnd, tempDir } from '../helpers/serve.ts'

const SAMPLE = path.resolve(import.meta.dirname, '../../resources/data/eurusd_15m.csv')

function copyOfSample(): { dir: string; input: string; bytes: Buffer } {
  const dir = tempDir('gw-out-')
  const input = path.join(dir, 'EURUSD.csv')
  const bytes = fs.readFileSync(SAMPLE).subarray(0, 64 * 1024)
  // Whole lines only: cut after the last line feed.
  const whole = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1)
  fs.writeFileSync(input, whole)
  return { dir, input, bytes: whole }
}

describe('gapwatch scan --out onto one of its inputs', () => {
  it.each([
    ['the same path', (_dir: string, input: string) => input],
    ['a path through ./ and ../', (dir: string) => `${dir}/./sub/../EURUSD.csv`],
    ['a symlink to it', (dir: string, input: string) => {
      const link = path.join(dir, 'link.csv')
      fs.symlinkSync(input, link)
      return link
    }],
    ['a hard link to it', (dir: string, input: string) => {
      const link = path.join(dir, 'hard.csv')
      fs.linkSync(input, link)
      return link
    }],
  ])('%s: exit 2 naming both, and the input is left as it was', async (_what, outOf) => {
    const { dir, input, bytes } = copyOfSample()
    fs.mkdirSync(path.join(dir, 'sub'))
    const out = outOf(dir, input)
    const r = await runToEnd(['scan', input, '--format', 'json', '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--out: ${out} is the input file ${input}`)
    expect(fs.readFileSync(input).equals(bytes)).toBe(true)
  })

  it('with several inputs, the second one is protected too (pooled scan)', async () => {
    const { dir, input, bytes } = copyOfSample()
    const other = path.join(dir, 'GBPUSD.csv')
    fs.writeFileSync(other, bytes)
    const r = await runToEnd(['scan', input, other, '--workers', '1', '--format', 'json', '--out', other])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--out: ${other} is the input file ${other}`)
    expect(fs.readFileSync(other).equals(bytes)).toBe(true)
  })

  it('an --out beside the input still works', async () => {
    const { dir, input } = copyOfSample()
    const out = path.join(dir, 'zones.json')
    const r = await runToEnd(['scan', input, '--format', 'json', '--out', out])
    expect(r.code).toBe(0)
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).symbols[0].symbol).toBe('EURUSD')
  })
})

// `gapwatch scan F.csv --format csv >> F.csv` (a slip, or a script's log naming the wrong file): the
// CSV header row landed in F.csv before it was read, the whole scan then blamed it as a bad row of
// the user's, and a split scan said "changed while it was read; try again", growing it again each try.
describe('gapwatch scan with standard output appended to one of its inputs', () => {
  /** Runs `gapwatch scan …args` with standard output opened for appending to `file`, as `>> file`. */
  async function appendingTo(file: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
    const fd = fs.openSync(file, 'a')
    try {
      const child = spawn(process.execPath, [gapwatchBin, 'scan', ...args], { stdio: ['ignore', fd, 'pipe'] })
      let stderr = ''
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      return { code, stderr }
    } finally {
      fs.closeSync(fd)
    }
  }

  it.each([
    ['whole', [] as string[]],
    ['pooled', ['--workers', '2']],
  ])('%s: exit 2 naming standard output and the file, before anything is written', async (_what, extra) => {
    const { dir, input, bytes } = copyOfSample()
    const other = path.join(dir, 'GBPUSD.csv')
    fs.writeFileSync(other, bytes)
    const r = await appendingTo(other, [input, other, '--format', 'csv', ...extra])
    expect(r.stderr).toBe(`gapwatch: Standard output is the input file ${other}; writing it would change the file while it is read. Send the output to another file (--out FILE, or > FILE).\n`)
    expect(r.code).toBe(2)
    expect(fs.readFileSync(other).equals(bytes)).toBe(true)
  })

  it('standard output appended to another file still works', async () => {
    const { dir, input } = copyOfSample()
    const log = path.join(dir, 'zones.csv')
    fs.writeFileSync(log, 'earlier\n')
    const r = await appendingTo(log, [input, '--format', 'csv'])
    expect(r.code).toBe(0)
    const text = fs.readFileSync(log, 'utf8')
    expect(text.startsWith('earlier\nsymbol,')).toBe(true)
    expect(text).toContain('\nEURUSD,')
  })
})

// `history export --out DIR/gapwatch.db` wrote CSV over the database (the next start moved it aside
// as damaged: the history was gone), `report` did the same, and `rules export --out DIR/rules.yaml`
// replaced the rules it had read with Prometheus' format.
describe('--out onto a file of the data directory', () => {
  let dir = ''
  const filled = async () => {
    dir = tempDir('gw-out-dd-')
    const csv = path.join(tempDir('gw-out-csv-'), 'h.csv')
    fs.writeFileSync(csv, 'time,cpu.total\n2026-01-01T00:00:00Z,5\n2026-01-01T00:01:00Z,6\n')
    expect((await runToEnd(['history', 'import', csv, '--data-dir', dir])).code).toBe(0)
    fs.copyFileSync(path.resolve(import.meta.dirname, '../../resources/rules.example.yaml'), path.join(dir, 'rules.yaml'))
    return dir
  }
  const range = ['--from', '2026-01-01T00:00:00Z', '--to', '2026-01-01T01:00:00Z']
  it.each([
    ['history export', 'gapwatch.db', ['history', 'export', '--metrics', 'cpu.total', ...range]],
    ['report', 'gapwatch.db', ['report', ...range]],
    ['rules export', 'rules.yaml', ['rules', 'export', '--format', 'prometheus']],
    ['scan --data-dir', 'gapwatch.db', ['scan', SAMPLE, '--format', 'json']],
  ])('%s --out DIR/%s: exit 2 naming it, and the file is left as it was', async (_what, name, args) => {
    const dd = await filled()
    const file = path.join(dd, name)
    const before = fs.readFileSync(file)
    const r = await runToEnd([...args, '--data-dir', dd, '--out', file])
    expect(r.stderr).toBe(`gapwatch: --out: ${file} is ${name}, a file of the data directory ${dd}; writing it would destroy it. Choose another file.\n`)
    expect(r.code).toBe(2)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  }, 60_000)
})
