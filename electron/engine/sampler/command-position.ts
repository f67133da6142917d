// Which command an argument belongs to, so a tool's own option rules (mysql's -pVALUE, sshpass's
// -p, redis-cli's -a) apply to that tool's arguments only: a command is the first argument, or the
// command a wrapper runs (`sudo`, `timeout 5`, `env A=B`, `sshpass -p … ssh`), the one after a
// shell's -c string ($0), the one after `--`, a password tool that docker/kubectl/ssh run, the first
// word of `env -S`'s string, or, in a line from a shell, the one after `;` (also glued inside a word:
// `true;mysql`), `&&`, `||`, `|`. A Windows executable is named without `.exe` (`mysql.exe` is mysql).
// `ls zip -P 8080` and `sshpass -p pw ssh -p 2222 host` keep their ports.

export interface PasswordTool {
  /** Letters whose glued value is a password (mysql's `-pVALUE`). */
  glued: string[]
  /** Options whose following argument is one. */
  next: string[]
}

/**
 * Tools whose short options take a password, by executable. Elsewhere `-p`/`-P` is a port or a path
 * (ssh, docker, uvicorn, …), so it is not masked: the dashboard keeps showing which port a feed uses.
 * A bare `-p` in mysql prompts, and the next argument is the database.
 */
const MYSQL: PasswordTool = { glued: ['p'], next: [] }
const PASSWORD_TOOLS: Record<string, PasswordTool> = {
  mysql: MYSQL, mysqldump: MYSQL, mysqladmin: MYSQL, mysqlimport: MYSQL, mysqlcheck: MYSQL, mysqlshow: MYSQL, mysqlpump: MYSQL, mysqlslap: MYSQL,
  mariadb: MYSQL, 'mariadb-dump': MYSQL, 'mariadb-admin': MYSQL, 'mariadb-import': MYSQL, 'mariadb-check': MYSQL, 'mariadb-show': MYSQL, 'mariadb-slap': MYSQL,
  sshpass: { glued: ['p'], next: ['-p'] },
  'redis-cli': { glued: [], next: ['-a'] },
  mosquitto_pub: { glued: [], next: ['-P'] },
  mosquitto_sub: { glued: [], next: ['-P'] },
  zip: { glued: [], next: ['-P'] },
  unzip: { glued: [], next: ['-P'] },
  '7z': { glued: ['p'], next: [] },
  '7za': { glued: ['p'], next: [] },
  '7zz': { glued: ['p'], next: [] },
  rar: { glued: ['p'], next: [] },
  unrar: { glued: ['p'], next: [] },
}

/**
 * Commands that run a command given later in their arguments, with their options that take a value
 * (so the value is not taken for the command). Shell keywords that a command follows are here too.
 */
const WRAPPERS: Record<string, string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T'],
  doas: ['-u', '-C'],
  env: ['-u', '-C', '-S', '--unset', '--chdir'],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
  nice: ['-n', '--adjustment'],
  ionice: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata'],
  stdbuf: ['-i', '-o', '-e'],
  time: ['-f', '-o', '--format', '--output'],
  exec: ['-a'],
  xargs: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs'],
  watch: ['-n', '-d', '--interval'],
  caffeinate: ['-t', '-w'],
  sshpass: ['-p', '-f', '-d', '-e', '-P'],
  taskset: [], chrt: [], nohup: [], setsid: [], command: [], builtin: [],
  do: [], then: [], else: [], if: [], while: [], until: [], '!': [], '{': [],
}
/** A wrapper's operand that is not the command: a duration, priority, CPU list or mask (`timeout 5s`, `taskset 0x3`). */
const OPERAND = /^(?:[+-]?\d[\d.,:-]*[smhd]?|0x[\da-f]+)$/i
/** `NAME=value` before a command (`env A=B cmd`, `A=B cmd` in a shell line). */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/
/** Between commands in a shell line: `;` (also glued: `db;`), `&&`, `||`, `|`, `&`. */
const SEPARATOR = /^(?:&&|\|\||\||&)$|;$/
const SHELL = /^(?:sh|bash|zsh|dash|ksh|mksh|ash)$/
/** Commands whose `-c` takes a command line that a shell runs, before or after their user operand (`su - root -c …`). */
const SU = /^(?:su|runuser)$/
/**
 * Commands that run a command elsewhere after arguments of their own (`docker exec -it db mysql …`,
 * `ssh host mysql …`): too many options to follow, so a later argument naming a password tool or a
 * shell is taken as the command.
 */
const RUNNERS = new Set(['docker', 'podman', 'nerdctl', 'kubectl', 'oc', 'ssh', 'lxc', 'incus', 'distrobox', 'toolbox'])

/** The last path component, for Unix and Windows (wine) paths alike. */
export function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'))
  return i >= 0 ? p.slice(i + 1) : p
}

/** The name a command's rules are looked up by: its base name, a Windows one without `.exe` and in lower case. */
function commandName(p: string): string {
  const b = baseName(p)
  return /\.exe$/i.test(b) ? b.slice(0, -4).toLowerCase() : b
}

/** Follows the command position through argv, one `see` per argument before it is masked. */
export class CommandPosition {
  /** The current command's password options, if it is a tool that has them. */
  tool: PasswordTool | undefined
  /** The current command is a shell still reading its options (or su): its `-c` takes a command string. */
  shellOptions = false
  private command = ''
  private expect = true
  private first = true
  private value = false
  private readonly line: boolean

  /** `line`: the arguments come from a shell line, where `;`, `&&`, `|` start a new command. */
  constructor(line: boolean) {
    this.line = line
  }

  see(arg: string): void {
    const isValue = this.value
    this.value = false
    if (this.line && SEPARATOR.test(arg)) {
      this.expect = true
      this.first = true
      this.shellOptions = false
      return
    }
    // `true;mysql`: a command starts after a `;` inside the word.
    const glued = this.line ? arg.lastIndexOf(';') : -1
    if (glued >= 0) {
      this.see(arg.slice(0, glued + 1))
      this.see(arg.slice(glued + 1))
      return
    }
    if (arg === '--' && !this.first) {
      // `kubectl exec pod -- mysql …`, `npx -- tool …`: a command follows.
      this.expect = true
      return
    }
    if (arg.startsWith('-') && !this.first) {
      if (this.expect && Object.hasOwn(WRAPPERS, this.command) && WRAPPERS[this.command].includes(arg)) this.value = true
      return
    }
    if (!SU.test(this.command)) this.shellOptions = false
    const name = commandName(arg)
    if (RUNNERS.has(this.command) && (Object.hasOwn(PASSWORD_TOOLS, name) || SHELL.test(name))) {
      this.setCommand(name)
      return
    }
    if (!this.expect || isValue || ASSIGNMENT.test(arg) || (!this.first && OPERAND.test(arg))) return
    // A login shell's argv[0] is `-bash`.
    this.setCommand(this.first ? commandName(arg.replace(/^-/, '')) : name)
  }

  /** `env` still reading its options: its `-S` takes a string of the command and its arguments. */
  get splitsString(): boolean {
    return this.command === 'env' && this.expect
  }

  /** After `env -S STRING`: its words are read as if they stood in the line (the first is the command). */
  afterSplitString(words: readonly string[]): void {
    this.value = false
    for (const w of words) this.see(w)
  }

  /** After a shell's -c string: the next argument is its $0, a command name. */
  afterScript(): void {
    this.expect = true
    this.shellOptions = false
  }

  private setCommand(name: string): void {
    this.first = false
    this.command = name
    this.tool = PASSWORD_TOOLS[name]
    this.expect = Object.hasOwn(WRAPPERS, name)
    this.shellOptions = SHELL.test(name) || SU.test(name)
  }

  /** The current command is su (or runuser), whose `--command` takes a command line too. */
  get su(): boolean {
    return SU.test(this.command)
  }
}
