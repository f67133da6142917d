// Every command in README.md's ```sh blocks runs as written and exits 0 (issue 9: a new user copies
// them). Each `npx gapwatch …` runs, in the README's order, in one temp folder whose `resources` links
// to the repo's (the README's paths are relative to the checkout), with one temp --data-dir where the
// command takes one and XDG_DATA_HOME in the temp folder, so nothing touches the user's data. `npx gapwatch` is the
// package's bin (bin/gapwatch.js), run here with the test's Node. Long-running commands (serve) are
// stopped once they print their URL and must then exit 0 too.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runGapwatch, runToEnd, tempDir } from '../../helpers/serve.ts'

const root = path.resolve(import.meta.dirname, '../../..')

/** Not run, each with its reason; a README command that is neither here nor `npx gapwatch …` fails the test. */
const NOT_RUN: Record<string, string> = {
  'npm install': 'reinstalls the dependencies this very test runs on; CI runs it as its first step',
  'npm start': 'opens the Electron window, whose binary cannot run on CI (test/integration/cli/start.test.ts covers its message)',
  'npm test': 'runs the whole suite, this test included: it would recurse',
  'npm run bench:overhead': 'too long for CI: 80 s of warm-up and 180 s of gapwatch serve by design',
  'npm run bench:store': 'too long for CI: minutes of inserts, a 24 h query and simulated hours of writes',
  'npm run bench:fvg': 'too long for CI: 1M-candle scans and the pool speedup take minutes',
  'npm run bench:dashboard': 'too long for CI: 60 s of Chromium by design',
  'npm run bench:alerts': 'too long for CI: rounds of an hour of samples with and without 200 rules, and a 7-day backtest',
  'node bench/sampler.ts': 'too long for CI: 300 ticks, a 5 s warm-up and 30 s at 1 Hz',
  'node bench/fvg/scan-serial.ts --baseline DIR': 'needs another checkout (DIR), and too long for CI: 5 runs of 5 scans of up to 6M candles on each side',
}

/** Commands run smaller than written: same flags, smaller values (the README's take minutes). */
const SHRUNK: Record<string, string> = {
  'npx gapwatch bench --symbols 15 --candles 1000000 --workers 1,2': 'npx gapwatch bench --symbols 2 --candles 20000 --workers 1,2',
}

/** Commands that run until stopped: started, stopped once this line appears, and must exit 0. */
const LONG_RUNNING: Record<string, RegExp> = { serve: /gapwatch serve: https?:\/\/\S+/ }

interface Command {
  line: number
  text: string
}

/**
 * The commands of the ```sh blocks: comments dropped, `a && b` split, a synopsis line's indented
 * continuation joined, and optional `[…]` parts (with a trailing `...`) left out.
 */
function readmeCommands(markdown: string): Command[] {
  const commands: Command[] = []
  let inSh = false
  markdown.split('\n').forEach((raw, i) => {
    if (/^```sh\s*$/.test(raw)) return void (inSh = true)
    if (raw.startsWith('```')) return void (inSh = false)
    if (!inSh) return
    const text = raw
      .replace(/\s+#.*$/, '')
      .replace(/\[[^\]]*\](\.\.\.)?/g, '')
      .replace(/\s+/g, ' ')
      .trim()
    if (text === '') return
    if (/^\s/.test(raw) && commands.length > 0) {
      commands[commands.length - 1].text += ` ${text}`
      return
    }
    for (const part of text.split('&&')) commands.push({ line: i + 1, text: part.trim() })
  })
  return commands
}

const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
const commands = readmeCommands(readme)
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> }

describe("README.md's commands", () => {
  it('are found, and each is either run here or listed as not run with its reason', () => {
    expect(commands.length).toBeGreaterThanOrEqual(10)
    for (const c of commands) {
      expect(c.text.startsWith('npx gapwatch ') || c.text in NOT_RUN, `README.md:${c.line}: "${c.text}" is neither a gapwatch command nor in NOT_RUN`).toBe(true)
    }
    // Every listed exception is still in the README (a stale entry would hide a new command).
    for (const text of [...Object.keys(NOT_RUN), ...Object.keys(SHRUNK)]) expect(commands.map((c) => c.text), text).toContain(text)
    expect(pkg.bin.gapwatch).toBe('bin/gapwatch.js') // what `npx gapwatch` runs
  })

  it('name npm scripts and files that exist, also where they are not run', () => {
    for (const c of commands) {
      const script = /^npm run (\S+)/.exec(c.text)
      if (script) expect(pkg.scripts[script[1]], `README.md:${c.line}: npm script "${script[1]}"`).toBeDefined()
      const file = /^node (\S+)/.exec(c.text)
      if (file) expect(fs.existsSync(path.join(root, file[1])), `README.md:${c.line}: ${file[1]}`).toBe(true)
    }
  })

  const runnable = commands.filter((c) => c.text.startsWith('npx gapwatch '))
  const title = (c: Command) => `README.md:${c.line}: ${c.text}${SHRUNK[c.text] ? ` (run as: ${SHRUNK[c.text]})` : ''}`
  // One folder and one data directory for all of them, in the README's order, as a user who runs
  // them one after the other has (the backtest reads the history the import before it stored).
  let shared: string | null = null
  const folder = () => {
    if (shared === null) {
      shared = tempDir('gw-readme-')
      fs.symlinkSync(path.join(root, 'resources'), path.join(shared, 'resources'))
    }
    return shared
  }
  it.each(runnable.map((c) => [title(c), c] as const))('%s exits 0', async (_title, c) => {
    const dir = folder()
    const args = (SHRUNK[c.text] ?? c.text).split(' ').slice(2)
    const env = { XDG_DATA_HOME: path.join(dir, 'xdg') }
    const help = await runToEnd([args[0], '--help'], env, dir)
    expect(help.code, `${args[0]} --help`).toBe(0)
    if (`${help.stdout}${help.stderr}`.includes('--data-dir') && !args.includes('--data-dir')) args.push('--data-dir', path.join(dir, 'data'))

    const ready = LONG_RUNNING[args[0]]
    if (ready === undefined) {
      const r = await runToEnd(args, env, dir)
      expect(r.code, `${c.text}\n${r.stderr}`).toBe(0)
      return
    }
    // The default port may be taken on a shared machine (its refusal has its own test): any free port.
    if (args[0] === 'serve' && !args.includes('--port')) args.push('--port', '0')
    const child = runGapwatch(args, env, dir)
    let out = ''
    let err = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await expect.poll(() => ready.test(out) || child.exitCode !== null, { timeout: 30_000 }).toBe(true)
    expect(child.exitCode, `${c.text} ended before it was ready\n${err}`).toBeNull()
    child.kill('SIGTERM')
    expect(await exited, `${c.text} on SIGTERM\n${err}`).toBe(0)
  }, 120_000)
})
