// The desktop app's log: pino JSON lines in <data dir>/logs/gapwatch.<date>.<n>.log, rolled by pino-roll
// when a file reaches LOG_ROTATION.size or the day changes, keeping LOG_ROTATION.keep old files.
// Every engine warning and error goes there, start-up warnings included, so a support request can
// attach one file.
import fs from 'node:fs'
import path from 'node:path'
import { app } from 'electron'
import pino, { type Logger } from 'pino'
import pinoRoll from 'pino-roll'
import type { Notice } from '../../shared/contract.ts'

export const LOG_ROTATION = { size: '5m', frequency: 'daily', keep: 4 } as const

export interface AppLog {
  readonly logger: Logger
  readonly file: string
  /** Flushes and closes the file (at quit). */
  close(): Promise<void>
}

export interface AppLogOptions {
  /** The data directory; the app's userData by default. */
  dataDir?: string
  /** Rotate at this size (pino-roll units: '5m', '200k', or MB as a number). */
  size?: number | string
}

/** Where the log files live inside a data directory. */
export function logDir(dataDir: string): string {
  return path.join(dataDir, 'logs')
}

export async function openAppLog(o: AppLogOptions = {}): Promise<AppLog> {
  const dir = logDir(o.dataDir ?? app.getPath('userData'))
  fs.mkdirSync(dir, { recursive: true }) // before pino-roll looks for earlier files in it
  const file = path.join(dir, 'gapwatch.log')
  const stream = await pinoRoll({
    file,
    size: o.size ?? LOG_ROTATION.size,
    frequency: LOG_ROTATION.frequency,
    dateFormat: 'yyyy-MM-dd',
    mkdir: true,
    // Files from earlier runs count too, or each start would keep its own few forever.
    limit: { count: LOG_ROTATION.keep, removeOtherLogFiles: true },
  })
  // A log file that cannot be written (disk full, permissions) must not take the app down with it.
  stream.on('error', (err: Error) => console.error(`Gapwatch: the log file ${file}: ${err.message}`))
  const logger = pino({ base: { name: 'gapwatch-desktop', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stream)
  return {
    logger,
    file,
    close: () => new Promise<void>((resolve) => {
      logger.flush()
      stream.once('close', resolve)
      stream.end()
    }),
  }
}

/** The engine's side of the log: warnings and errors with their source, start-up warnings first. */
export interface LoggedEngine {
  readonly startupWarnings: readonly string[]
  on(event: 'warning' | 'error', listener: (n: Notice) => void): unknown
}

export function logEngine(engine: LoggedEngine, logger: Logger): void {
  for (const message of engine.startupWarnings) logger.warn({ source: 'startup' }, message)
  engine.on('warning', (n) => logger.warn({ source: n.source }, n.message))
  engine.on('error', (n) => logger.error({ source: n.source }, n.message))
}
