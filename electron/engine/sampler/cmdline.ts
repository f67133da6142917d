// Command lines as a trader should see them: secrets masked before a command leaves the sampler,
// and a short name per process as htop gives it (interpreter plus script, an app's own name, or the
// executable), rather than the kernel's 15-character comm of the main thread ("MainThread" for
// every Node process).

import { CommandPosition, baseName } from './command-position.ts'
import { joinArgs, splitCommandLine } from './split-line.ts'

export { baseName, joinArgs, splitCommandLine }
export const MASK = '••••'

/**
 * A flag or key whose value is a secret: --api-key, --token, password=, client_secret, a wallet's
 * --mnemonic/--seed, an exchange's third credential --passphrase, --pin (a whole name: --cpu-pin
 * is a CPU), …
 */
/** A seed: a wallet's when words or a blob, an RNG's (kept) when a plain integer (`--seed 42`). */
const SEED_NAME = /(?:^|[-_.])seed$/i
const INTEGER = /^\d+$/
const SECRET_NAME = /(?:^|[-_.])(?:api[-_]?key|apikey|key|token|secret|passw(?:or)?d|passwd|pwd|pass|passphrase|mnemonic|seed(?:[-_]?phrase)?|auth|authorization|credentials?|bearer|cookie|private[-_]?key|access[-_]?key|signature)$|^pin$/i
/** `name=value` inside an argument (query strings, env-style arguments). */
const INLINE_SECRET = /([A-Za-z0-9_.-]*?(?:api[-_]?key|apikey|token|secret|passw(?:or)?d|passwd|pwd|passphrase|mnemonic|seed[-_]?phrase|auth|credentials?|access[-_]?key|private[-_]?key|signature)[A-Za-z0-9_.-]*)(=)([^&\s;,]+)/gi
/** user:password@ in a URL. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]+)@/gi
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi
/** A long opaque blob: hex or base64 keys, JWTs. */
const BLOB = /^(?:[A-Fa-f0-9]{32,}|[A-Za-z0-9+_-]{40,}={0,2}|eyJ[\w-]+\.[\w-]+\.[\w-]*)$/
/** `Name: value` (an HTTP header given to curl, a `key:value` setting), the name read by SECRET_NAME. */
const HEADER = /^(-{0,2}([A-Za-z][A-Za-z0-9_.-]*))(:\s*)(\S.*)$/s
/** A name too generic to mean a secret in a glued `name:value` (a map's `key:value`). */
const GENERIC = /^key$/i
/** A quoted member of a JSON-looking argument: `"api_key": "…"` or `"pin": 1234`. */
const JSON_MEMBER = /(["'])([A-Za-z0-9_.-]+)\1(\s*:\s*)("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|-?[\d.eE+-]+)/g
/** `user:password` after -u/--user (curl, wget, httpie…); `1000:1000` (uid:gid, docker) is kept. */
const USER_PASS = /^([^:\s]*):(.+)$/s

function looksLikeBlob(s: string): boolean {
  return BLOB.test(s) && /\d/.test(s) && /[A-Za-z]/.test(s) && !s.startsWith('/')
}

/** Every whitespace-separated piece of an argument that is a blob (quotes and punctuation around it kept). */
function maskBlobs(arg: string): string {
  return arg.replace(/\S+/g, (piece) => {
    // Trimmed by scanning, not by a regex with a lazy middle (quadratic on `a!!!…!a`).
    let from = 0
    let to = piece.length
    while (from < to && !/[A-Za-z0-9+/_-]/.test(piece[from])) from++
    while (to > from && !/[A-Za-z0-9=_-]/.test(piece[to - 1])) to--
    return looksLikeBlob(piece.slice(from, to)) ? `${piece.slice(0, from)}${MASK}${piece.slice(to)}` : piece
  })
}

function maskInline(arg: string): string {
  const header = HEADER.exec(arg)
  // Not `auth:8080` (a host and its port) nor a bare `key:value`; `apiKey:…`, `auth:pw`, `--token:…`, `X-Key: …` are.
  const setting = header !== null && header[3] === ':' && header[1] === header[2] && GENERIC.test(header[2])
  if (header && !header[4].startsWith('//') && !INTEGER.test(header[4]) && !setting && SECRET_NAME.test(header[2])) {
    const scheme = /^(bearer|basic|digest|token)\s+/i.exec(header[4])
    return `${header[1]}${header[3]}${scheme ? scheme[0] : ''}${MASK}`
  }
  const masked = arg
    .replace(URL_PASSWORD, `$1:${MASK}@`)
    .replace(BEARER, `$1 ${MASK}`)
    .replace(INLINE_SECRET, (_m, name: string, sep: string) => `${name}${sep}${MASK}`)
  return maskBlobs(maskJson(masked))
}

/** Secret-named members of JSON text; an integer seed is an RNG's and stays. */
function maskJson(text: string): string {
  return text.replace(JSON_MEMBER, (m: string, q: string, name: string, sep: string, value: string) =>
    SECRET_NAME.test(name) && !(SEED_NAME.test(name) && INTEGER.test(value)) ? `${q}${name}${q}${sep}"${MASK}"` : m,
  )
}

function maskUserPass(value: string): string {
  const m = USER_PASS.exec(value)
  if (!m || (/^\d*$/.test(m[1]) && /^\d+$/.test(m[2]))) return value
  return `${m[1]}:${MASK}`
}

/** A flag whose value may be several words (a wallet's seed phrase): on a one-string line every word up to the next flag. */
const PHRASE_NAME = /(?:^|[-_.])(?:mnemonic|seed(?:[-_]?phrase)?|passphrase)$/i
/** `Name:` standing alone, its value the next word (a header on a command line the OS gives as one string). */
const HEADER_NAME = /^([A-Za-z][A-Za-z0-9_.-]*):$/
/** A shell's option that takes a command string (`-c`, also within `-ec`, `-lc`). */
const SHELL_COMMAND = /^-[A-Za-z]*c[A-Za-z]*$/
/** su's long forms of -c, alone or with the command line glued (`--command=…`). */
const SU_COMMAND = /^(--(?:session-)?command)(?:=(.*))?$/s
/** env's -S, alone or with its string glued (`-Sword`, a shebang's `-S node --flag`, `--split-string=…`). */
const SPLIT_STRING = /^(-S|--split-string)(?:=|(?=.))(.*)$/s
const MAX_NESTING = 4
type Next = 'mask' | 'phrase' | 'seed' | 'header' | null

/** argv with every secret-looking value replaced by ••••; the flags themselves stay readable. */
export function maskArgs(argv: readonly string[]): string[] {
  return maskArgv(argv, false, 0)
}

/**
 * `line`: the arguments came from one string split on spaces, so a flag's value may run over several
 * words. `depth`: how many `sh -c` strings this one is nested in.
 */
function maskArgv(argv: readonly string[], line: boolean, depth: number): string[] {
  const out: string[] = []
  let next: Next = null
  let phrase = false
  let userNext = false
  // The command the arguments belong to: the first, or one it runs (`timeout 5 mysql …`, `sudo sshpass …`).
  const at = new CommandPosition(line)
  let scriptNext = false
  let splitNext = false
  for (const arg of argv) {
    if (splitNext) {
      // `env -S 'mysql -p…'`: the string is a command line of its own, and its first word is the command.
      splitNext = false
      out.push(depth < MAX_NESTING ? maskLine(arg, depth + 1) : maskInline(arg))
      at.afterSplitString(splitCommandLine(arg))
      continue
    }
    if (scriptNext) {
      // `sh -c '…'`: the script is a command line of its own (cron jobs, systemd's ExecStart=/bin/sh -c …).
      // Nested beyond MAX_NESTING (only a hostile line does that), its inline secrets and blobs are still masked.
      scriptNext = false
      out.push(depth < MAX_NESTING ? maskLine(arg, depth + 1) : maskInline(arg))
      at.afterScript()
      continue
    }
    at.see(arg)
    if (phrase) {
      // The phrase's further words are dropped: one •••• stands for the whole value, as on Linux.
      if (!arg.startsWith('-')) continue
      phrase = false
    }
    if (next !== null) {
      const kind = next
      next = null
      if (kind === 'header' && /^(?:bearer|basic|digest|token)$/i.test(arg)) {
        next = 'mask'
        out.push(arg)
        continue
      }
      if (kind === 'seed' && INTEGER.test(arg)) {
        out.push(arg)
        continue
      }
      if (!arg.startsWith('-')) {
        out.push(MASK)
        phrase = line && (kind === 'phrase' || kind === 'seed')
        continue
      }
    }
    if (userNext) {
      userNext = false
      if (!arg.startsWith('-')) {
        out.push(maskUserPass(arg))
        continue
      }
    }
    if (at.shellOptions && SHELL_COMMAND.test(arg)) {
      scriptNext = true
      out.push(arg)
      continue
    }
    const su = at.su ? SU_COMMAND.exec(arg) : null
    if (su) {
      if (su[2] === undefined) scriptNext = true
      out.push(su[2] === undefined ? arg : `${su[1]}=${depth < MAX_NESTING ? maskLine(su[2], depth + 1) : maskInline(su[2])}`)
      continue
    }
    if (at.splitsString && (arg === '-S' || arg === '--split-string')) {
      splitNext = true
      out.push(arg)
      continue
    }
    const split = at.splitsString ? SPLIT_STRING.exec(arg) : null
    if (split) {
      const text = split[2].trimStart() // a shebang's `-S node …` keeps its space
      out.push(`${arg.slice(0, arg.length - text.length)}${depth < MAX_NESTING ? maskLine(text, depth + 1) : maskInline(text)}`)
      at.afterSplitString(splitCommandLine(text))
      continue
    }
    const tool = at.tool
    if (tool !== undefined && /^-[A-Za-z]/.test(arg)) {
      if (tool.next.includes(arg)) {
        next = 'mask'
        out.push(arg)
        continue
      }
      if (arg.length > 2 && tool.glued.includes(arg[1])) {
        out.push(`${arg.slice(0, 2)}${MASK}`)
        continue
      }
    }
    if (arg === '-u' || arg === '--user') {
      userNext = true
      out.push(arg)
      continue
    }
    const user = /^(-u|--user=)(.+)$/s.exec(arg)
    if (user && user[2].includes(':')) {
      out.push(`${user[1]}${maskUserPass(user[2])}`)
      continue
    }
    const flag = /^(-{1,2}[A-Za-z0-9][A-Za-z0-9_.-]*)(=(.*))?$/s.exec(arg)
    if (flag && SECRET_NAME.test(flag[1].replace(/^-+/, ''))) {
      const seed = SEED_NAME.test(flag[1])
      if (flag[2] === undefined) {
        next = seed ? 'seed' : PHRASE_NAME.test(flag[1]) ? 'phrase' : 'mask'
        out.push(arg)
      } else out.push(seed && INTEGER.test(flag[3]) ? arg : `${flag[1]}=${MASK}`)
      continue
    }
    // Windows programs under wine take `/name:value` switches: `/password:…`.
    const win = /^\/([A-Za-z][A-Za-z0-9_-]*)([:=])(.*)$/s.exec(arg)
    if (win && SECRET_NAME.test(win[1])) {
      out.push(`/${win[1]}${win[2]}${MASK}`)
      continue
    }
    if (/^(bearer|basic)$/i.test(arg)) {
      next = 'mask'
      out.push(arg)
      continue
    }
    const header = HEADER_NAME.exec(arg)
    if (header && SECRET_NAME.test(header[1])) {
      next = 'header'
      out.push(arg)
      continue
    }
    if (looksLikeBlob(arg)) {
      out.push(MASK)
      continue
    }
    out.push(maskInline(arg))
  }
  return out
}

/**
 * The masked arguments of a command line given as one string (macOS's ps, Windows' CommandLine),
 * `command` its executable when the OS gives that apart. Secret-named JSON members are masked across
 * the whole line first, as the OS may have lost the quotes that kept them one argument.
 */
export function maskCommandLine(line: string, command?: string): string[] {
  return maskSplit(line, command, 0)
}

function maskSplit(line: string, command: string | undefined, depth: number): string[] {
  const args = splitCommandLine(maskJson(line))
  return maskArgv(command === undefined ? args : [command, ...args], true, depth)
}

/** Masks a command line given as one string; one with nothing to mask comes back as it was. */
export function maskCommand(command: string): string {
  return maskLine(command, 0)
}

function maskLine(command: string, depth: number): string {
  const json = maskJson(command)
  const args = splitCommandLine(json)
  const masked = maskArgv(args, true, depth)
  return json === command && masked.length === args.length && masked.every((a, i) => a === args[i]) ? command : joinArgs(masked)
}

const INTERPRETER = /^(?:python[\d.]*|pypy[\d.]*|node|nodejs|bun|deno|ruby[\d.]*|perl[\d.]*|php[\d.]*|Rscript|julia|lua[\d.]*|bash|sh|zsh|dash|ksh|fish|tsx|ts-node|uv|dotnet|mono)$/
const WINE = /^(?:wine|wine64|wine-preloader|wine64-preloader|start\.exe)$/i
/** Interpreter options that take the next argument as their value (so it is not the script). */
const OPTION_WITH_VALUE = /^(?:-[cXWQ]|-r|--require|--import|--loader|--experimental-loader|--env-file|--inspect-port|--title|--conditions|-C|--max-old-space-size)$/
/** Windows programs a trading desk runs under wine, by executable. */
const WINDOWS_APPS: Record<string, string> = {
  'terminal64.exe': 'MetaTrader 5',
  'terminal.exe': 'MetaTrader 4',
  'metaeditor64.exe': 'MetaEditor 5',
  'metaeditor.exe': 'MetaEditor 4',
  'metatester64.exe': 'MetaTrader 5 tester',
  'ninjatrader.exe': 'NinjaTrader',
  'sierrachart_64.exe': 'Sierra Chart',
  'sierrachart.exe': 'Sierra Chart',
}
/** Java main classes of trading apps. */
const JAVA_APPS: Array<[RegExp, string]> = [
  [/ibgateway/i, 'IB Gateway'],
  [/jclient\.LoginFrame|\btws\b/i, 'Trader Workstation'],
]

function scriptOf(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '-m' && i + 1 < args.length) return `-m ${args[i + 1]}`
    if (a === '-c' || a === '-e' || a === '--eval') return a
    if (OPTION_WITH_VALUE.test(a)) {
      i++
      continue
    }
    if (a.startsWith('-')) continue
    return baseName(a)
  }
  return null
}

function windowsApp(argv: readonly string[]): string | null {
  const exe = baseName(argv[0])
  const known = WINDOWS_APPS[exe.toLowerCase()]
  if (known === undefined) return exe
  // A broker's build sits in its own folder ("IC Markets MetaTrader 5"): that name tells terminals apart.
  const parts = argv[0].split(/[\\/]/)
  const folder = parts.length >= 2 ? parts[parts.length - 2] : ''
  return /metatrader|ninjatrader|sierra/i.test(folder) ? folder : known
}

/**
 * argv as /proc gives it, with a rewritten one split back into arguments: Chromium and Electron
 * children (setproctitle) turn argv into one space-separated string. A Windows path with spaces
 * (wine) or a title that is not a path ("sshd: trader [priv]") stays whole.
 */
export function splitArgv(argv: readonly string[]): string[] {
  if (argv.length === 1 && argv[0].startsWith('/') && argv[0].includes(' ')) return argv[0].split(' ').filter(Boolean)
  return [...argv]
}

/**
 * The name to show for a process, from its (already masked) argv and its comm; htop's rules:
 * `python3 strategy.py`, `node server.js`, `MetaTrader 5`, `chrome (renderer)`, else the
 * executable's base name. Kernel threads (no argv) keep their comm.
 */
export function processName(comm: string, argv: readonly string[]): string {
  if (argv.length === 0 || argv[0] === '') return comm
  let args = argv
  // setproctitle() rewrites argv into one string: "sshd: trader [priv]", "postgres: writer".
  if (args.length === 1 && args[0].includes(' ') && !/^[A-Za-z]:\\|^\//.test(args[0])) return args[0]
  let exe = baseName(args[0])
  if (WINE.test(exe) && args.length > 1) {
    args = args.slice(1)
    exe = baseName(args[0])
  }
  if (/\.exe$/i.test(exe)) return windowsApp(args) ?? exe
  if (/^java$/.test(exe)) {
    const rest = args.slice(1).join(' ')
    for (const [re, name] of JAVA_APPS) if (re.test(rest)) return name
    const jar = args.indexOf('-jar')
    if (jar >= 0 && jar + 1 < args.length) return `java ${baseName(args[jar + 1])}`
    for (let i = 1; i < args.length; i++) {
      const a = args[i]
      if (/^(?:-cp|-classpath|--class-path|--module-path|-p)$/.test(a)) i++
      else if (!a.startsWith('-')) return `java ${a}`
    }
    return exe
  }
  if (INTERPRETER.test(exe)) {
    const script = scriptOf(args.slice(1))
    return script === null ? exe : `${exe} ${script}`
  }
  const type = args.find((a) => a.startsWith('--type='))
  if (type !== undefined) return `${exe} (${type.slice('--type='.length)})`
  return exe.endsWith(':') ? exe.slice(0, -1) : exe
}
