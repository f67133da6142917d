// How `gapwatch serve` reports on stderr: plain lines for a person (the default), or pino's JSON lines
// (`--log-format json`: one object a line with level, time, msg and fields) for a log collector.
import module from 'node:module'
import type Pino from 'pino'
import { UsageError } from './common.ts'
import { printable } from '../engine/market/errors.ts'

// pino and its dependencies are ~12 ms of CPU to load, paid before every command's first step when
// imported here; only JSON logs need it (`--verbose`, `serve --log-format json`), so it is required
// (CommonJS, synchronously) when one is made.
const loadPino = () => module.createRequire(import.meta.url)('pino') as typeof Pino

export type LogFormat = 'text' | 'json'

export interface CliLog {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export function parseLogFormat(value: string | undefined): LogFormat {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text'
  throw new UsageError(`--log-format: "${value}" is not text or json.`)
}

/** Text: `warning (sampler): …` as before; JSON: pino, written synchronously so no line is lost on exit. */
export function createCliLog(format: LogFormat, name: string): CliLog {
  if (format === 'json') {
    const pino = loadPino()
    const logger = pino({ name, base: { name, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 2, sync: true }))
    return {
      info: (msg, fields) => logger.info(fields ?? {}, msg),
      warn: (msg, fields) => logger.warn(fields ?? {}, msg),
      error: (msg, fields) => logger.error(fields ?? {}, msg),
    }
  }
  const text = (prefix: string) => (msg: string, fields?: Record<string, unknown>) =>
    console.error(printable(`${prefix}${fields?.source !== undefined ? ` (${String(fields.source)})` : ''}${prefix ? ': ' : ''}${msg}`))
  return { info: text(''), warn: text('warning'), error: text('error') }
}

// `--verbose` for the one-shot commands (scan, rules, history, cost, report): their warnings, errors
// and a line at start and end (arguments, duration, exit code) become pino JSON lines on stderr, so
// every line a collector reads parses. Without it they print as before (`warning: …`, `gapwatch: …`).
export const VERBOSE_COMMANDS: ReadonlySet<string> = new Set(['scan', 'rules', 'history', 'cost', 'report'])

let verboseLog: CliLog | null = null

/** Takes `--verbose` out of a command's arguments (not after `--`, where it is a file name). */
export function takeVerbose(argv: readonly string[]): { argv: string[]; verbose: boolean } {
  const end = argv.indexOf('--')
  const head = end === -1 ? [...argv] : argv.slice(0, end)
  const tail = end === -1 ? [] : argv.slice(end)
  const kept = head.filter((a) => a !== '--verbose')
  return { argv: [...kept, ...tail], verbose: kept.length !== head.length }
}

/** Runs a command, logging its start and end as JSON lines when verbose. */
export async function runLogged(command: string, argv: string[], verbose: boolean, run: () => Promise<void>): Promise<void> {
  if (!verbose) return run()
  verboseLog = createCliLog('json', `gapwatch-${command}`)
  const t0 = performance.now()
  verboseLog.info(`${command}: start`, { command, argv })
  await run()
  verboseLog.info(`${command}: done`, { command, ms: Math.round(performance.now() - t0), exitCode: process.exitCode ?? 0 })
}

/**
 * The commands' own log: a warning or error line, JSON when `--verbose`; info lines only then. Text
 * lines are printable(): a file name or a file's bytes quoted in a message cannot drive the terminal.
 */
export const cliLog: CliLog = {
  info: (msg, fields) => verboseLog?.info(msg, fields),
  warn: (msg, fields) => (verboseLog ? verboseLog.warn(msg, fields) : console.error(`warning: ${printable(msg)}`)),
  error: (msg, fields) => (verboseLog ? verboseLog.error(msg, fields) : console.error(`gapwatch: ${printable(msg)}`)),
}

/** A line a command prints on stderr for people (a rule's error, a skipped rule): as is, or a JSON line with `--verbose`. */
export function stderrLine(text: string, level: 'info' | 'warn' | 'error' = 'info', fields?: Record<string, unknown>): void {
  if (verboseLog) verboseLog[level](text, fields)
  else console.error(printable(text))
}
