// `gapwatch bench`: the pool's scaling experiment on generated data.
import { parseArgs } from '../engine/builtins.ts'
import { nodeWorkerHost } from '../engine/pool/worker-host.ts'
import { defaultPoolSize } from '../engine/pool/pool.ts'
import { runScalingExperiment, workerSeries } from '../engine/pool/scaling.ts'
import type { BenchResult } from '../../shared/scanner.ts'
import { wholeArg } from './number-arg.ts'

export const benchHelp = `Usage: gapwatch bench [--symbols 15] [--candles 1000000] [--workers 1,2,...] [--segment N] [--json]

The scaling experiment: scans the same generated symbols with each worker count and prints, for
each, wall time, candles/s, speedup over 1 worker, efficiency (speedup / workers) and balance
(1 − coefficient of variation of the workers' busy time).

A series longer than --segment candles (default 131072; 0 = never) is scanned in segments that
any worker can take, so the last symbols do not leave a worker idle.`

export async function bench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      symbols: { type: 'string', default: '15' },
      candles: { type: 'string', default: '1000000' },
      workers: { type: 'string' },
      segment: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return void console.log(benchHelp)
  const symbols = wholeArg('symbols', values.symbols, 1, 1000)
  const candles = wholeArg('candles', values.candles, 1000, 50_000_000)
  const workers = values.workers ? values.workers.split(',').map((w) => wholeArg('workers', w.trim(), 1, 64)) : workerSeries(Math.max(2, defaultPoolSize()))
  const tty = process.stderr.isTTY
  const result = await runScalingExperiment(nodeWorkerHost(), {
    symbols,
    candles,
    workers,
    segmentCandles: values.segment === undefined ? undefined : wholeArg('segment', values.segment, 0, 50_000_000),
    onProgress: ({ workers: n, done, total }) => {
      if (!tty) return
      const width = 30
      const filled = Math.round((done / total) * width)
      process.stderr.write(`\r${String(n).padStart(2)} worker(s) [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`)
      if (done === total) process.stderr.write('\n')
    },
  })
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : table(result))
}

export function table(r: BenchResult): string {
  const head = ['workers', 'wall ms', 'candles/s', 'speedup', 'efficiency', 'balance']
  const rows = r.rows.map((x) => [
    String(x.workers),
    x.wallMs.toFixed(0),
    Math.round(x.candlesPerSec).toLocaleString('en-US'),
    `${x.speedup.toFixed(2)}×`,
    `${(x.efficiency * 100).toFixed(0)} %`,
    x.balance.toFixed(3),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ')
  return [`${r.symbols} symbols × ${r.candles.toLocaleString('en-US')} candles`, line(head), ...rows.map(line)].join('\n') + '\n'
}
