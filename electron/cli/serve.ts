// `gapwatch serve`: the engine headless, with the dashboard, the JSON API and /metrics.
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from '../engine/builtins.ts'
import { Engine } from '../engine/engine.ts'
import { defaultDataDir } from '../engine/data-dir.ts'
import { FileReadError, readImportFile } from '../engine/market/read-file.ts'
import { MAX_PEM_FILE_BYTES } from '../../shared/limits.ts'
import { startServer } from '../server/server.ts'
import { checkExposure, generateToken } from '../server/auth.ts'
import { parseDuration } from './duration.ts'
import { UsageError, version } from './common.ts'
import { createCliLog, parseLogFormat } from './log.ts'
import { wholeArg } from './number-arg.ts'
import { hostnameOf } from '../server/guards.ts'
import { clipCell } from '../engine/market/errors.ts'

export const serveHelp = `Usage: gapwatch serve [--host 127.0.0.1] [--port 8787] [--data-dir DIR] [--interval 1s]
                     [--token TOKEN|generate] [--tls-cert FILE --tls-key FILE]
                     [--allowed-host NAME]... [--allowed-origin ORIGIN]... [--heartbeat 30s]
                     [--log-format text|json]

Runs the engine headless: the dashboard at /, the JSON API under /api, CSV uploads at
POST /api/import?name=FILE.csv, a WebSocket at /api/stream and Prometheus metrics at /metrics.

  --token TOKEN       required off loopback (or GAPWATCH_TOKEN); at least 16 characters.
                      "--token generate" makes a random one and prints it once on stderr.
  --tls-cert/--tls-key  PEM files: serve HTTPS and WSS (give both or neither).
  --allowed-host NAME   answer to this Host name too (loopback names, IP addresses and the
                      bound address always pass; others get 403, against DNS rebinding).
  --allowed-origin ORIGIN  let pages from this origin (e.g. https://dash.example:8443) use the
                      WebSocket and POST; by default only the server's own pages may.
  --heartbeat 30s     WebSocket ping interval; a client that misses a ping is dropped.
  --log-format json   stderr as JSON lines (pino: level, time, msg, fields) for a log collector.`

/** After this long a shutdown says what it is still waiting for. */
const SHUTDOWN_WARN_MS = 10_000

export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8787' },
      'data-dir': { type: 'string' },
      interval: { type: 'string' },
      token: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'allowed-origin': { type: 'string', multiple: true },
      heartbeat: { type: 'string' },
      'log-format': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(serveHelp)
    return
  }
  const log = createCliLog(parseLogFormat(values['log-format']), 'gapwatch-serve')
  const port = wholeArg('port', values.port, 0, 65535)
  const intervalMs = values.interval === undefined ? undefined : parseDuration(values.interval)
  if (intervalMs !== undefined && (intervalMs < 250 || intervalMs > 60_000)) {
    throw new UsageError(`--interval: ${values.interval} is outside 0.25s–60s.`)
  }
  const heartbeatMs = values.heartbeat === undefined ? undefined : parseDuration(values.heartbeat)
  if (heartbeatMs !== undefined && (heartbeatMs < 100 || heartbeatMs > 3_600_000)) {
    throw new UsageError(`--heartbeat: ${values.heartbeat} is outside 0.1s–1h.`)
  }
  // A name no Host header can carry (a space, a port, a scheme) would never match: say so now.
  for (const h of values['allowed-host'] ?? []) {
    if (hostnameOf(h) !== h.toLowerCase().replace(/\.$/, '')) {
      throw new UsageError(`--allowed-host: "${clipCell(h, 80)}" is not a host name (letters, digits, dots and hyphens, no port or scheme).`)
    }
  }
  let token = values.token ?? (process.env.GAPWATCH_TOKEN || undefined)
  if (token === 'generate') {
    token = generateToken()
    log.info(`gapwatch serve: generated token (shown once, keep it): ${token}`)
  }
  // Before the engine starts: a weak token, or none off loopback, is a usage error (exit 2).
  try {
    checkExposure(values.host, token)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const tlsFiles = await readTls(values['tls-cert'], values['tls-key'])
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir())
  await checkPortFree(values.host, port) // before anything is created on disk

  // The one place the environment names nvidia-smi (tests point it at a fake GPU or at no file).
  const nvidiaSmi = process.env.GAPWATCH_NVIDIA_SMI || undefined
  const engine = new Engine({ dataDir, intervalMs, version, nvidiaSmi })
  engine.on('warning', (n) => log.warn(n.message, { source: n.source }))
  engine.on('error', (n) => log.error(n.message, { source: n.source }))
  for (const w of engine.startupWarnings) log.warn(w)
  let server
  try {
    await engine.start()
    const staticDir = fileURLToPath(new URL('../../out/renderer', import.meta.url))
    server = await startServer({
      engine,
      host: values.host,
      port,
      token,
      staticDir,
      tls: tlsFiles,
      heartbeatMs,
      allowedHosts: values['allowed-host'],
      allowedOrigins: values['allowed-origin'],
      log: (l) => log.info(l),
    })
  } catch (err) {
    await engine.stop()
    throw err
  }
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting.`)
      process.exit(1)
    }
    stopping = true
    log.info(`${signal}: saving history and stopping…`)
    // A shutdown that hangs would leave a service manager waiting with nothing said: name the step.
    let step = 'closing the server'
    const watchdog = setTimeout(() => {
      log.warn(`${signal}: still ${step} after ${SHUTDOWN_WARN_MS / 1000} s; a second ${signal} stops at once.`)
    }, SHUTDOWN_WARN_MS)
    watchdog.unref()
    await server.close()
    step = 'saving history and stopping the engine'
    await engine.stop()
    clearTimeout(watchdog)
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  // Printed once the handlers are in place: whoever waits for this line (a service manager, a test)
  // may send SIGTERM at once, and before them it would have ended the process without saving.
  console.log(`gapwatch serve: ${server.url} (data: ${dataDir})`)
}

/** Fails with the port named and what to do when it is taken, rather than a raw EADDRINUSE later. */
async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return
  const probe = net.createServer()
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new UsageError(`Port ${port} on ${host} is already in use (another Gapwatch, or another program). Stop it, or pick another port with --port, e.g. --port ${port + 1}.`))
      else if (err.code === 'EACCES') reject(new UsageError(`Port ${port} on ${host} needs privileges this user does not have: pick a port above 1023 with --port.`))
      else if (err.code === 'EADDRNOTAVAIL') reject(new UsageError(`--host ${host}: this machine has no such address.`))
      else reject(err)
    })
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()))
  })
}

/**
 * The PEM files of --tls-cert and --tls-key: both or neither, each named when it cannot be read.
 * node:tls is imported here, on the TLS path only: a plain-HTTP serve never loads it (with
 * node:https, ~2.3 MiB of its memory at rest).
 */
async function readTls(cert: string | undefined, key: string | undefined): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (cert === undefined && key === undefined) return undefined
  if (cert === undefined || key === undefined) throw new UsageError('--tls-cert and --tls-key go together: give both or neither.')
  // Read as every file a user names is: /dev/zero grew the process without end, a FIFO hung it.
  const read = (flag: string, file: string) => {
    try {
      return readImportFile(file, { maxBytes: MAX_PEM_FILE_BYTES, limitFor: 'a PEM file' })
    } catch (err) {
      if (err instanceof FileReadError) throw new UsageError(`${flag}: ${err.message}.`)
      throw new UsageError(`${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
  }
  const pair = { cert: read('--tls-cert', cert), key: read('--tls-key', key) }
  const tls = await import('node:tls')
  try {
    tls.createSecureContext(pair)
  } catch (err) {
    throw new UsageError(`--tls-cert ${cert} / --tls-key ${key}: not a usable PEM certificate and key: ${(err as Error).message}`)
  }
  return pair
}
