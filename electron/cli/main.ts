// The `gapwatch` command line. Each command is loaded only when it runs, so `gapwatch scan` does
// not pay for the sampler and the HTTP server, nor `gapwatch serve` for the CLI's formatters.
import { UsageError, version } from './common.ts'
import { VERBOSE_COMMANDS, cliLog, runLogged, takeVerbose } from './log.ts'

const help = `gapwatch ${version}

Usage:
  gapwatch serve [options]     run the engine headless with the dashboard, API and /metrics
  gapwatch scan FILE...        find Fair Value Gaps in CSV files with the worker pool
  gapwatch bench [options]     the pool's scaling experiment (1, 2, … workers)
  gapwatch rules list|check|backtest   alert rules: list, validate a file, replay over history
  gapwatch history import|export       metric history from and to a wide CSV
  gapwatch report [options]    a report of a period as JSON, HTML or PDF
  gapwatch cost [options]      what the machine costs, what it needs, what right-sizing saves
  gapwatch --version

Run "gapwatch <command> --help" for a command's options. scan, rules, history, cost and report take
--verbose: their log (start, end, warnings, errors) as pino JSON lines on stderr.`

const commands: Record<string, () => Promise<(argv: string[]) => Promise<void>>> = {
  serve: async () => (await import('./serve.ts')).serve,
  scan: async () => (await import('./scan.ts')).scan,
  bench: async () => (await import('./bench.ts')).bench,
  rules: async () => (await import('./rules.ts')).rules,
  history: async () => (await import('./history.ts')).history,
  report: async () => (await import('./report.ts')).report,
  cost: async () => (await import('./cost.ts')).cost,
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv
  if (name === '--version' || name === '-v') return void console.log(version)
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return void console.log(help)
  // Own names only: commands["constructor"] is Object's, and `gapwatch constructor` said "run is not a function".
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!load) throw new UsageError(`Unknown command "${name}". Try "gapwatch --help".`)
  // The engine runs for months: it starts again with glibc's malloc tuned for that (serve-reexec.ts).
  const reexec = name === 'serve' && !rest.some((a) => a === '--help' || a === '-h') ? await import('./serve-reexec.ts') : null
  reexec?.restartWithMallocTuning()
  // The long-running engine survives the errors nobody caught (see crash-guard.ts for what is safe).
  if (name === 'serve') (await import('../engine/crash-guard.ts')).installCrashGuard()
  // Before serve's modules load: dependencies' start-up imports it never uses stay unloaded (serve-hooks.ts).
  if (name === 'serve') (await import('./serve-hooks.ts')).installServeHooks()
  const { argv: args, verbose } = VERBOSE_COMMANDS.has(name) ? takeVerbose(rest) : { argv: rest, verbose: false }
  // A scan's workers start before its modules load, so their start-up overlaps the load (scan-early.ts).
  if (name === 'scan') (await import('./scan-early.ts')).startScanEarly(args)
  const run = await load()
  // A start that compiled the engine's TypeScript starts once more from the compile cache (serve-reexec.ts).
  reexec?.restartIfTypeStripperLoaded()
  await runLogged(name, args, verbose, () => run(args))
}

// `gapwatch scan … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw err
})

main(process.argv.slice(2)).catch((err: unknown) => {
  const e = err as Error & { code?: string }
  const usage = e instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')
  // A data directory that cannot be used is the caller's to fix, like a bad option: exit 2.
  const dataDir = e.name === 'DataDirError'
  cliLog.error(e.message) // `gapwatch: …`, or a JSON line with --verbose
  if (!usage && !dataDir && e.name !== 'InstanceLockedError' && process.env.GAPWATCH_DEBUG) console.error(e.stack)
  process.exit(usage || dataDir ? 2 : 1)
})
