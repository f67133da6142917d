// `gapwatch scan` with workers, as ratios measured in the same run (issue 13), each a median of
// `runs` alternating runs so both sides see the same moments of a busy machine:
//   6 × 1M-candle CSVs to JSON, --workers 2 vs --workers 1 (target ≥ 1.8×);
//   one 1M-candle CSV to JSON, --workers 2 vs in-process (target ≥ 1.5×).
// The six files are hard links to one generated file: six names to scan, one copy in the page cache.
// Run alone: node bench/fvg-scan.ts [--runs N]; npm run bench:fvg runs it too.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeGeneratedCsv } from './fvg/csv.ts'
import { median } from './stats.ts'

const bin = path.resolve(import.meta.dirname, '../bin/gapwatch.js')

function wallOf(args: string[]): number {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [bin, 'scan', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
  if (r.status !== 0) throw new Error(`gapwatch scan ${args.join(' ')} failed: ${r.stderr}`)
  return performance.now() - t0
}

/** Medians of alternating runs of a and b, and a's median over b's. */
function ratio(runs: number, a: string[], b: string[]): { a: number; b: number; ratio: number; ratios: number[] } {
  const as: number[] = []
  const bs: number[] = []
  for (let i = 0; i < runs; i++) {
    bs.push(wallOf(b))
    as.push(wallOf(a))
  }
  return { a: median(as), b: median(bs), ratio: median(bs) / median(as), ratios: bs.map((t, i) => t / as[i]) }
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
  const fmt = (r: ReturnType<typeof ratio>) => `${r.ratio.toFixed(2)}× median (${r.ratios.map((x) => x.toFixed(2)).join(' / ')})`
  const lines: string[] = []
  const loadBefore = load()
  const many = ratio(o.runs, [...six, '--workers', '2', ...json], [...six, '--workers', '1', ...json])
  lines.push(`gapwatch scan, 6 × 1M-candle CSV → JSON: --workers 1 ${(many.b / 1000).toFixed(2)} s, --workers 2 ${(many.a / 1000).toFixed(2)} s → ${fmt(many)}   target ≥ 1.8×`)
  const one = ratio(o.runs, [o.csv, '--workers', '2', ...json], [o.csv, ...json])
  lines.push(`gapwatch scan, one 1M-candle CSV → JSON: in-process ${(one.b / 1000).toFixed(2)} s, --workers 2 ${(one.a / 1000).toFixed(2)} s → ${fmt(one)}   target ≥ 1.5×`)
  lines.push(`  load average (1, 5, 15 min) before ${loadBefore}, after ${load()}; ${os.availableParallelism()} cores`)
  return lines
}

if (import.meta.main) {
  const at = process.argv.indexOf('--runs')
  const runs = at > 0 ? Number(process.argv[at + 1]) : 3
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-scan-'))
  try {
    const csv = path.join(dir, 'gen1m.csv')
    writeGeneratedCsv(csv, 1_000_000)
    for (const line of benchScanTargets({ csv, dir, runs })) console.log(line)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
