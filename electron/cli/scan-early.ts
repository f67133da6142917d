// The first step of `gapwatch scan`: its workers are forked by cli/main.ts before the scan's own
// modules load (zod, the pool, the market code, the formatters: ~50 ms of CPU), so the workers'
// start-up (Node and their job code) overlaps this process's instead of following it. This module
// is kept light for that: it loads only the argument table, the worker host and the output file.
// The workers are handed to `scan` for the same arguments; a scan that stops early (a usage error)
// ends them, and so does this process's exit. A signal keeps its default action (no listener: one
// would run only when the event loop turns, so a scan blocked opening a FIFO or writing to a stalled
// pipe could not be stopped): the process ends at once, and its workers, whose channel to it closes,
// end quietly (electron/worker/); an --out it created stays, incomplete, as a shell's `>` would.
import { parseArgs } from '../engine/builtins.ts'
import { defaultPoolSize, nodeWorkerHost, prestartedHost, type WorkerHost } from '../engine/pool/worker-host.ts'
import { openOutput, type Output } from './scan-output-file.ts'
import { parseWhole } from './number-arg.ts'

export function parseScanArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workers: { type: 'string' },
      timeframe: { type: 'string' },
      tz: { type: 'string' },
      'join-consecutive': { type: 'boolean', default: false },
      middle: { type: 'string', default: 'body' },
      'min-gap': { type: 'string', default: 'none' },
      mitigation: { type: 'string', default: 'touch' },
      label: { type: 'string', default: 'middle' },
      format: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

export type ScanValues = ReturnType<typeof parseScanArgs>['values']

/** The scan's output and the workers forked with it (none for a scan in this process). */
export interface ScanStart {
  output: Output
  /** Workers forked ahead of the pool; `dispose` ends those the pool never took. */
  workers: (WorkerHost & { dispose(): void }) | null
  /** Ends the workers the pool never took and closes the output (removing a file this run created and never began). */
  close(): void
}

/**
 * Opens the output (--out is truncated only once the options are checked: scan-output-file.ts) and
 * forks the workers a scan with these arguments uses: `--workers N`, else one per file up to
 * defaultPoolSize(); none for a single file without --workers (scanned in this process) nor for a
 * --workers that is not 1–64 (the scan's check says why).
 */
export function startScan(values: ScanValues, positionals: readonly string[]): ScanStart {
  const wanted = plannedWorkers(values, positionals)
  // The workers write their files' parts to the output themselves, so they are forked with it; not
  // with a FIFO, opened only once the options are checked (scan-output-file.ts): the pool starts
  // them then, as it does when --out cannot be opened (the scan says why).
  const output = openOutput(values.out)
  let workers: ScanStart['workers'] = null
  try {
    workers = wanted > 0 && output.fd !== null ? prestartedHost(nodeWorkerHost(undefined, { outputFd: output.fd }), wanted) : null
  } catch (err) {
    output.close() // a fork that fails (EAGAIN, ENOMEM) leaves no --out behind
    throw err
  }
  function close(): void {
    workers?.dispose()
    output.close()
  }
  return { output, workers, close }
}

/** One file without --workers has nothing to share out: it is scanned in this process (no fork, no zones copied back). */
export function scansInProcess(values: ScanValues, positionals: readonly string[]): boolean {
  return positionals.length === 1 && values.workers === undefined
}

/**
 * The scan's worker count, the one rule for the early fork and the scan: `--workers N`, else one per
 * file up to defaultPoolSize(); null for a --workers that is not an integer from 1 to 64 (the scan
 * says so, and nothing is forked early).
 */
export function workerCount(values: ScanValues, positionals: readonly string[]): number | null {
  const wanted = values.workers === undefined ? Math.min(positionals.length, defaultPoolSize()) : parseWhole(values.workers)
  return wanted !== null && wanted >= 1 && wanted <= 64 ? wanted : null
}

function plannedWorkers(values: ScanValues, positionals: readonly string[]): number {
  return scansInProcess(values, positionals) ? 0 : (workerCount(values, positionals) ?? 0)
}

let early: { argv: readonly string[]; start: ScanStart } | null = null

/**
 * Called by cli/main.ts with `scan`'s arguments before it loads the command: starts what `scan`
 * will claim (nothing for --help, no files, or arguments that do not parse: the scan reports those).
 */
export function startScanEarly(argv: readonly string[]): void {
  if (early) return
  let parsed: ReturnType<typeof parseScanArgs>
  try {
    parsed = parseScanArgs([...argv])
  } catch {
    return
  }
  // Nothing to gain without workers: the scan opens the output itself.
  if (parsed.values.help || parsed.positionals.length === 0 || plannedWorkers(parsed.values, parsed.positionals) === 0) return
  early = { argv: [...argv], start: startScan(parsed.values, parsed.positionals) }
  process.once('exit', endEarly)
}

/** What startScanEarly started for exactly these arguments, now the caller's to close; else null (and any other is ended). */
export function claimEarlyScan(argv: readonly string[]): ScanStart | null {
  const e = early
  if (!e) return null
  early = null
  process.off('exit', endEarly)
  if (e.argv.length === argv.length && e.argv.every((a, i) => a === argv[i])) return e.start
  e.start.close()
  return null
}

/** Ends what was started early and never claimed (an exit before the scan began). */
function endEarly(): void {
  early?.start.close()
  early = null
}
