// `gapwatch serve`: the engine headless, with the dashboard, the JSON API and /metrics.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Engine } from '../engine/engine.ts'
import { defaultDataDir } from '../engine/data-dir.ts'
import { startServer } from '../server/server.ts'
import { parseDuration } from './duration.ts'
import { UsageError, version } from './common.ts'

export const serveHelp = `Usage: gapwatch serve [--host 127.0.0.1] [--port 8787] [--data-dir DIR] [--interval 1s] [--token TOKEN]

Runs the engine headless: the dashboard at /, the JSON API under /api, a WebSocket at /api/stream
and Prometheus metrics at /metrics. Binding anything but loopback requires --token (or GAPWATCH_TOKEN).`

export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8787' },
      'data-dir': { type: 'string' },
      interval: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(serveHelp)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${values.port}" is not a port number.`)
  const intervalMs = values.interval === undefined ? undefined : parseDuration(values.interval)
  if (intervalMs !== undefined && (intervalMs < 250 || intervalMs > 60_000)) {
    throw new UsageError(`--interval: ${values.interval} is outside 0.25s–60s.`)
  }
  const token = values.token ?? (process.env.GAPWATCH_TOKEN || undefined)
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir())

  const engine = new Engine({ dataDir, intervalMs, version })
  engine.on('warning', (n) => console.error(`warning (${n.source}): ${n.message}`))
  engine.on('error', (n) => console.error(`error (${n.source}): ${n.message}`))
  for (const w of engine.startupWarnings) console.error(`warning: ${w}`)
  let server
  try {
    await engine.start()
    const staticDir = fileURLToPath(new URL('../../out/renderer', import.meta.url))
    server = await startServer({ engine, host: values.host, port, token, staticDir, log: (l) => console.error(l) })
  } catch (err) {
    await engine.stop()
    throw err
  }
  console.log(`gapwatch serve: ${server.url} (data: ${dataDir})`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.error(`${signal}: saving history and stopping…`)
    await server.close()
    await engine.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}
