// `gapwatch scan` with workers, as ratios measured in the same run (issue 13), each a median of
// `runs` alternating runs so both sides see the same moments of a busy machine:
//   6 × 1M-candle CSVs to JSON, --workers 2 vs --workers 1 (target ≥ 1.8×);
//   one 1M-candle CSV to JSON, --workers 2 vs in-process (target ≥ 1.5×).
// Each run is also accounted in CPU time (bench/fvg/cpu-account.ts: main process and each worker,
// start-up, jobs, the serial head and tail), which the machine's load does not distort, and its
// wall time on 2 idle cores estimated from it; the ratios of those estimates are printed too.
// Next to them, the machine's own ceiling in the same run: two in-process scans of the one file at
// once against one alone (their throughput ratio): what two processes on this machine's cores give
// at most, memory bandwidth, shared caches, frequency and the other load included. And the one-file
// ceiling: the file cut in two half files at a line (the header kept in both) scanned in-process at
// once, against the whole file alone: what any split of one file over two processes can give at most
// here (two processes that start at once, no fork from a running CLI, no merge).
// The six files are hard links to one generated file: six names to scan, one copy in the page cache.
// Run alone: node bench/fvg-scan.ts [--runs N]; npm run bench:fvg runs it too.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeGeneratedCsv } from './fvg/csv.ts'
import { describeAccount, runAccounted, type CpuAccount } from './fvg/cpu-account.ts'
import { median } from './stats.ts'
import { benchArgs, numberFlag } from './flags.ts'

const bin = path.resolve(import.meta.dirname, '../bin/gapwatch.js')

interface Side {
  wall: number
  estimate: number
  /** The run whose wall time is the median. */
  typical: CpuAccount
}

/** Medians of alternating runs of a and b, and b's median over a's (wall, and idle-core estimate). */
function ratio(runs: number, a: string[], b: string[]) {
  const as: CpuAccount[] = []
  const bs: CpuAccount[] = []
  for (let i = 0; i < runs; i++) {
    bs.push(runAccounted(bin, ['scan', ...b]))
    as.push(runAccounted(bin, ['scan', ...a]))
  }
  const side = (xs: CpuAccount[]): Side => {
    const sorted = [...xs].sort((x, y) => x.wallMs - y.wallMs)
    return { wall: median(xs.map((x) => x.wallMs)), estimate: median(xs.map((x) => x.idleEstimateMs)), typical: sorted[sorted.length >> 1] }
  }
  const A = side(as)
  const B = side(bs)
  return { a: A, b: B, ratio: B.wall / A.wall, ratios: bs.map((t, i) => t.wallMs / as[i].wallMs), idleRatio: B.estimate / A.estimate }
}

/**
 * Wall ms of `copies` in-process `gapwatch scan`s started at once, timed by a Node process that
 * starts them (so one alone and two at once pay the same overhead). `{i}` in an argument: the copy's number.
 */
function concurrentScans(args: string[], copies: number): number {
  const script = `const { spawn } = require('node:child_process')
const [bin, copies, ...args] = process.argv.slice(1)
const t0 = performance.now()
let left = Number(copies)
for (let i = 0; i < Number(copies); i++) spawn(process.execPath, [bin, 'scan', ...args.map((a) => a.replace('{i}', String(i)))], { stdio: 'ignore' }).on('exit', (code) => {
  if (code !== 0) process.exit(1)
  if (--left === 0) console.log(performance.now() - t0)
})`
  const r = spawnSync(process.execPath, ['-e', script, bin, String(copies), ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${copies} × scan ${args.join(' ')} failed: ${r.stderr}`)
  return Number(r.stdout.trim())
}

/** The machine ceiling: throughput of two scans at once over one alone, per run (alternating). */
function machineCeiling(runs: number, csv: string, dir: string): number[] {
  const ratios: number[] = []
  for (let i = 0; i < runs; i++) {
    // Each scan writes its own output, as two separate users' scans would.
    const args = [csv, '--format', 'json', '--out', path.join(dir, 'ceiling{i}.json')]
    const one = concurrentScans(args, 1)
    const two = concurrentScans(args, 2)
    ratios.push((2 * one) / two)
  }
  return ratios
}

/**
 * Writes the two halves of `csv` (cut at the line nearest its middle byte; the header line, when
 * the first line has no digit, starts both) and returns their paths.
 */
function halves(csv: string, dir: string): string[] {
  const bytes = fs.readFileSync(csv)
  const firstEnd = bytes.indexOf(10) + 1
  const header = /[0-9]/.test(bytes.subarray(0, firstEnd).toString('latin1')) ? Buffer.alloc(0) : bytes.subarray(0, firstEnd)
  const cut = bytes.indexOf(10, Math.max(firstEnd, bytes.length >> 1)) + 1
  if (cut <= 0 || cut >= bytes.length) throw new Error(`${csv} has no line to cut it at`)
  return [bytes.subarray(header.length, cut), bytes.subarray(cut)].map((body, i) => {
    const f = path.join(dir, `half${i}.csv`)
    fs.writeFileSync(f, Buffer.concat([header, body]))
    return f
  })
}

/** The one-file ceiling: the whole file alone over its two halves at once, in-process, per run (alternating). */
function oneFileCeiling(runs: number, csv: string, dir: string): { ratios: number[]; whole: number; halves: number } {
  halves(csv, dir)
  const wholes: number[] = []
  const pairs: number[] = []
  for (let i = 0; i < runs; i++) {
    wholes.push(concurrentScans([csv, '--format', 'json', '--out', path.join(dir, 'whole.json')], 1))
    pairs.push(concurrentScans([path.join(dir, 'half{i}.csv'), '--format', 'json', '--out', path.join(dir, 'half{i}.json')], 2))
  }
  return { ratios: wholes.map((w, i) => w / pairs[i]), whole: median(wholes), halves: median(pairs) }
}

/** Amdahl on `cores`: the serial part (up to the first job and the workers' start-up, and the tail) of a run, over the baseline's estimate. */
function amdahl(run: CpuAccount, baselineMs: number, cores = 2): string {
  const serial = run.leadMs + run.tailMs
  const s = Math.min(1, serial / baselineMs)
  return `serial ${serial.toFixed(0)} ms (to the first job or start-up + tail) = ${(100 * s).toFixed(0)} % of the baseline's ${baselineMs.toFixed(0)} ms → Amdahl on ${cores} cores ≤ ${(1 / (s + (1 - s) / cores)).toFixed(2)}×`
}

export function benchScanTargets(o: { csv: string; dir: string; runs: number }): string[] {
  const six = Array.from({ length: 6 }, (_, i) => {
    const f = path.join(o.dir, `six${i}.csv`)
    fs.rmSync(f, { force: true })
    fs.linkSync(o.csv, f)
    return f
  })
  const out = path.join(o.dir, 'scan-out.json')
  const json = ['--format', 'json', '--out', out]
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ')
  const fmt = (r: ReturnType<typeof ratio>) =>
    `${r.ratio.toFixed(2)}× median (${r.ratios.map((x) => x.toFixed(2)).join(' / ')}); from CPU time, on 2 idle cores ${r.idleRatio.toFixed(2)}×`
  const lines: string[] = []
  const loadBefore = load()
  const many = ratio(o.runs, [...six, '--workers', '2', ...json], [...six, '--workers', '1', ...json])
  lines.push(`gapwatch scan, 6 × 1M-candle CSV → JSON: --workers 1 ${(many.b.wall / 1000).toFixed(2)} s, --workers 2 ${(many.a.wall / 1000).toFixed(2)} s → ${fmt(many)}   target ≥ 1.8×`)
  lines.push(`  --workers 1: ${describeAccount(many.b.typical)}`)
  lines.push(`  --workers 2: ${describeAccount(many.a.typical)}`)
  lines.push(`  --workers 2: ${amdahl(many.a.typical, many.b.estimate)}`)
  const one = ratio(o.runs, [o.csv, '--workers', '2', ...json], [o.csv, ...json])
  lines.push(`gapwatch scan, one 1M-candle CSV → JSON: in-process ${(one.b.wall / 1000).toFixed(2)} s, --workers 2 ${(one.a.wall / 1000).toFixed(2)} s → ${fmt(one)}   target ≥ 1.5×`)
  lines.push(`  in-process:  ${describeAccount(one.b.typical)}`)
  lines.push(`  --workers 2: ${describeAccount(one.a.typical)}`)
  lines.push(`  --workers 2: ${amdahl(one.a.typical, one.b.estimate)}`)
  const ceiling = machineCeiling(o.runs, o.csv, o.dir)
  const oneFile = oneFileCeiling(o.runs, o.csv, o.dir)
  lines.push(`one-file ceiling, the 1M-candle CSV's two halves scanned in-process at once vs the whole file: whole ${(oneFile.whole / 1000).toFixed(2)} s, halves ${(oneFile.halves / 1000).toFixed(2)} s → ${median(oneFile.ratios).toFixed(2)}× median (${oneFile.ratios.map((x) => x.toFixed(2)).join(' / ')})   the most any split of one file over 2 processes gives here, next to the 1.5× target`)
  lines.push(`machine ceiling, two in-process scans of the 1M-candle CSV at once vs one alone: ${median(ceiling).toFixed(2)}× throughput median (${ceiling.map((x) => x.toFixed(2)).join(' / ')})   the most 2 workers can give here, next to the 1.8× and 1.5× targets`)
  lines.push(`  load average (1, 5, 15 min) before ${loadBefore}, after ${load()}; ${os.availableParallelism()} cores`)
  return lines
}

if (import.meta.main) {
  const runs = numberFlag('--runs', benchArgs({ runs: { type: 'string' } }).runs, 3, { min: 1 })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-scan-'))
  try {
    const csv = path.join(dir, 'gen1m.csv')
    writeGeneratedCsv(csv, 1_000_000)
    for (const line of benchScanTargets({ csv, dir, runs })) console.log(line)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
