// How `gapwatch serve` reports on stderr: plain lines for a person (the default), or pino's JSON lines
// (`--log-format json`: one object a line with level, time, msg and fields) for a log collector.
import pino from 'pino'
import { UsageError } from './common.ts'

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
    const logger = pino({ name, base: { name, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 2, sync: true }))
    return {
      info: (msg, fields) => logger.info(fields ?? {}, msg),
      warn: (msg, fields) => logger.warn(fields ?? {}, msg),
      error: (msg, fields) => logger.error(fields ?? {}, msg),
    }
  }
  const text = (prefix: string) => (msg: string, fields?: Record<string, unknown>) =>
    console.error(`${prefix}${fields?.source !== undefined ? ` (${String(fields.source)})` : ''}${prefix ? ': ' : ''}${msg}`)
  return { info: text(''), warn: text('warning'), error: text('error') }
}
