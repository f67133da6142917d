// `gapwatch rules list | check FILE | backtest FILE`: the alert rules of a data directory, a rules
// file checked with every error (rule, field, line), and a rules file replayed over stored history.
import { fs, parseArgs } from '../engine/builtins.ts'
import path from 'node:path'
import { defaultRules } from '../engine/alerts/defaults.ts'
import { readRulesFile, formatRuleError } from '../engine/alerts/rules-file.ts'
import type { Firing, Rule } from '../../shared/alerts.ts'
import { UsageError } from './common.ts'
import { printable } from '../engine/market/errors.ts'
import { dataDirWithHistory, rulesDataDir } from './data-dir-arg.ts'
import { parseTimeArg } from './time-arg.ts'
import { stderrLine } from './log.ts'

export const rulesHelp = `Usage: gapwatch rules list [--data-dir DIR] [--json]
       gapwatch rules check FILE
       gapwatch rules backtest FILE [--data-dir DIR] [--from T] [--to T] [--json]
       gapwatch rules export --format prometheus [--data-dir DIR] [--out FILE]

  list       the rules in DIR/rules.yaml (the defaults when there is none yet)
  check      validates a rules file; exit 1 listing every error as FILE:LINE:COL: rule, field: message
  backtest   replays each rule over the stored history with the live evaluator and prints its
             firings; --json: [{rule, severity, start, end, peak}] (ISO 8601 UTC; end null while
             still firing at --to). T: ISO 8601, epoch ms, "now", or a duration ago (7d). Default:
             the last 24 h.
  export     the threshold rules as a Prometheus alerting-rules file (stdout or --out FILE);
             rules with no PromQL form (anomaly, session window, disabled) listed on stderr`

export async function rules(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [sub, file, ...extra] = positionals
  if (values.help || sub === undefined) return void console.log(rulesHelp)
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`)
  const dataDir = values['data-dir']
  switch (sub) {
    case 'list':
      return list(rulesDataDir(dataDir), values.json ?? false)
    case 'check':
      return check(needFile(file, sub))
    case 'backtest':
      return backtest(needFile(file, sub), dataDir, values)
    case 'export':
      if (file !== undefined) throw new UsageError(`Unexpected argument "${file}".`)
      return (await import('./rules-export.ts')).exportRules(rulesDataDir(dataDir), values)
    default:
      throw new UsageError(`Unknown rules command "${sub}". Try "gapwatch rules --help".`)
  }
}

function needFile(file: string | undefined, sub: string): string {
  if (file === undefined) throw new UsageError(`gapwatch rules ${sub} needs a FILE.`)
  return file
}

/** The rules of a file, or every error printed and exit code 1. */
function load(file: string): Rule[] | null {
  const r = readRulesFile(file)
  if (r.ok) return r.rules
  for (const e of r.errors) stderrLine(formatRuleError(file, e), 'error', { file })
  stderrLine(`${file}: ${r.errors.length} error(s).`, 'error', { file })
  process.exitCode = 1
  return null
}

function describe(r: Rule): string {
  if (r.kind === 'fvg') {
    const size = r.min_size ? `, ≥ ${r.min_size.value} ${r.min_size.unit}` : ''
    return `${r.events.join('/')} ${r.direction}${size}`
  }
  if (r.kind === 'anomaly') return `${r.method} score ${r.direction === 'down' ? '≤ -' : r.direction === 'both' ? '|≥| ' : '≥ '}${r.score}, floor ${r.floor}`
  const agg = r.aggregate === 'last' ? '' : `${r.aggregate}(${r.window}) `
  return `${agg}${r.op} ${r.threshold}${r.clear !== undefined ? ` (clear ${r.clear})` : ''}`
}

function list(dataDir: string, json: boolean): void {
  const file = path.join(dataDir, 'rules.yaml')
  const rules = fs.existsSync(file) ? load(file) : [...defaultRules]
  if (rules === null) return
  if (json) return void console.log(JSON.stringify(rules, null, 2))
  const rows = rules.map((r) => [
    r.name,
    r.kind === 'fvg' ? `fvg ${[r.symbols.join(',') || 'any symbol', r.timeframes.join(',') || 'any timeframe'].join(' ')}` : r.metric,
    describe(r),
    r.kind === 'fvg' ? '-' : r.for,
    r.severity,
    r.enabled ? '' : 'disabled',
  ])
  const head = ['RULE', 'METRIC', 'CONDITION', 'FOR', 'SEVERITY', '']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  for (const row of [head, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd())
}

function check(file: string): void {
  const rules = load(file)
  if (rules !== null) console.log(printable(`${file}: ${rules.length} rule(s), no errors.`))
}

async function backtest(file: string, dataDirArg: string | undefined, o: { from?: string; to?: string; json?: boolean }): Promise<void> {
  const now = Date.now()
  const to = o.to === undefined ? now : parseTimeArg('--to', o.to, now)
  const from = o.from === undefined ? to - 86_400_000 : parseTimeArg('--from', o.from, now)
  if (from >= to) throw new UsageError('--from must be before --to.')
  const rules = load(file)
  if (rules === null) return
  const dataDir = dataDirWithHistory(dataDirArg)
  const { openHistory } = await import('./history-store.ts')
  const { backtestStore } = await import('../engine/alerts/backtest.ts')
  const h = await openHistory(dataDir, { readOnly: true })
  const firings: Firing[] = []
  const lines: string[] = []
  try {
    for (const rule of rules) {
      if (rule.kind === 'fvg') {
        lines.push(`${rule.name} (${rule.severity}, FVG events): skipped, it alerts on live scanner events, not on a stored series`)
        continue
      }
      const r = backtestStore(h.metrics, rule, { from, to, sampleIntervalMs: h.sampleIntervalMs, now })
      firings.push(...r.firings)
      lines.push(`${rule.name} (${rule.severity}, ${rule.metric}, ${r.points} points at ${r.tier}): ${r.firings.length === 0 ? 'would not have fired' : `would have fired ${r.firings.length} time(s)`}`)
      for (const f of r.firings) lines.push(`  ${f.start} → ${f.end ?? 'still firing'}  peak ${Number(f.peak.toPrecision(6))}`)
    }
  } finally {
    h.close()
  }
  console.log(o.json ? JSON.stringify(firings, null, 2) : lines.join('\n'))
}
