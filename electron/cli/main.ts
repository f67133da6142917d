// The `gapwatch` command line.
import { serve, serveHelp } from './serve.ts'
import { UsageError, version } from './common.ts'
import { InstanceLockedError } from '../engine/store/index.ts'

const help = `gapwatch ${version}

Usage:
  gapwatch serve [options]     run the engine headless with the dashboard, API and /metrics
  gapwatch --version

Run "gapwatch <command> --help" for a command's options.

${serveHelp}`

const commands: Record<string, (argv: string[]) => Promise<void>> = { serve }

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv
  if (name === '--version' || name === '-v') return void console.log(version)
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return void console.log(help)
  const command = commands[name]
  if (!command) throw new UsageError(`Unknown command "${name}". Try "gapwatch --help".`)
  await command(rest)
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const e = err as Error & { code?: string }
  const usage = e instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')
  console.error(`gapwatch: ${e.message}`)
  if (!usage && !(e instanceof InstanceLockedError) && process.env.GAPWATCH_DEBUG) console.error(e.stack)
  process.exit(usage ? 2 : 1)
})
