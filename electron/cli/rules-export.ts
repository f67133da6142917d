// `gapwatch rules export --format prometheus [--data-dir DIR] [--out FILE]`: the threshold rules of a
// data directory as a Prometheus alerting-rules file over the /metrics names of the registry
// (shared/metrics.ts), so a fleet's Prometheus evaluates the same conditions. Rules with no PromQL
// form are listed on stderr as skipped, with the reason.
import { fs } from '../engine/builtins.ts'
import path from 'node:path'
import { stringify } from 'yaml'
import { defaultMessage, type Aggregate, type Rule, type ThresholdRule } from '../../shared/alerts.ts'
import { resolveMetric, type MetricUnit } from '../../shared/metrics.ts'
import { defaultRules } from '../engine/alerts/defaults.ts'
import { readRulesFile, formatRuleError } from '../engine/alerts/rules-file.ts'
import { UsageError } from './common.ts'
import { stderrLine } from './log.ts'
import { checkOutFile, checkOutIsNoDataFile } from './out-not-input.ts'

export const RULES_EXPORT_GROUP = 'gapwatch'

export interface PromAlertingRule {
  alert: string
  expr: string
  for?: string
  keep_firing_for?: string
  labels: Record<string, string>
  annotations: Record<string, string>
}

export interface PromRulesExport {
  file: { groups: Array<{ name: string; rules: PromAlertingRule[] }> }
  skipped: Array<{ rule: string; reason: string }>
}

const OVER_TIME: Record<Exclude<Aggregate, 'last' | 'delta' | 'p95'>, string> = { avg: 'avg_over_time', max: 'max_over_time', min: 'min_over_time' }

const escapeLabel = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

/** The series selector of a stored metric name: `gapwatch_group_cpu_ratio{group="IB Gateway"}`. */
function selector(name: string, labels: Record<string, string | undefined>): string {
  const l = Object.entries(labels).filter((e): e is [string, string] => e[1] !== undefined)
  return l.length === 0 ? name : `${name}{${l.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`
}

/** The rule's value in PromQL, in Prometheus units, as the engine's evaluator aggregates it. */
function valueExpr(r: ThresholdRule, sel: string): string {
  switch (r.aggregate) {
    case 'last':
      return sel
    case 'p95':
      return `quantile_over_time(0.95, ${sel}[${r.window}])`
    case 'delta':
      // last minus first over the window: the value now minus the value a window ago
      return `(${sel} - ${sel} offset ${r.window})`
    default:
      return `${OVER_TIME[r.aggregate]}(${sel}[${r.window}])`
  }
}

/** A threshold in the metric's Prometheus unit, without float noise (90 % → 0.9, not 0.9000000000000001). */
const scaled = (v: number, scale: number): number => Number((v * scale).toPrecision(12))

/** How $value reads in an annotation, in the metric's unit (a ratio as a percentage). */
function valueTemplate(unit: MetricUnit): string {
  if (unit === 'percent') return '{{ $value | humanizePercentage }}'
  if (unit === 'bytes' || unit === 'bytesPerSec') return '{{ $value | humanize1024 }}'
  return '{{ $value | humanize }}'
}

/**
 * The rule's message as a Go template: {{value}} → $value, {{threshold}} and {{for}} as the rule says,
 * {{labels.x}} → $labels.x; any other `{{` stays literal. A percentage prints its own "%", so the
 * one the message puts after {{value}} or {{threshold}} is dropped.
 */
function messageTemplate(r: ThresholdRule, unit: MetricUnit): string {
  let text = r.message ?? defaultMessage(r)
  if (unit === 'percent') text = text.replace(/(\{\{\s*(?:value|threshold)\s*\}\})\s?%/g, '$1')
  const known: Record<string, string> = { value: valueTemplate(unit), threshold: unit === 'percent' ? `${r.threshold}%` : String(r.threshold), for: r.for }
  return text
    .split(/(\{\{\s*[a-z_.]+\s*\}\})/i)
    .map((part) => {
      const m = /^\{\{\s*([a-z_.]+)\s*\}\}$/i.exec(part)
      if (m && known[m[1]] !== undefined) return known[m[1]]
      if (m && /^labels\.[A-Za-z_][A-Za-z0-9_]*$/.test(m[1])) return `{{ $labels.${m[1].slice(7)} }}`
      return part.replaceAll('{{', '{{ "{{" }}')
    })
    .join('')
}

/** Prometheus alert names are metric names: other characters of a Gapwatch rule name become `_`. */
const alertName = (name: string): string => name.replace(/[^A-Za-z0-9_:]/g, '_').replace(/^(\d)/, '_$1')

export function toPrometheusRules(rules: readonly Rule[]): PromRulesExport {
  const out: PromAlertingRule[] = []
  const skipped: PromRulesExport['skipped'] = []
  for (const r of rules) {
    if (!r.enabled) {
      skipped.push({ rule: r.name, reason: 'disabled' })
      continue
    }
    if (r.kind === 'fvg') {
      skipped.push({ rule: r.name, reason: 'FVG rule: it fires on the scanner\'s live events, which are not Prometheus series' })
      continue
    }
    if (r.kind === 'anomaly') {
      skipped.push({ rule: r.name, reason: `anomaly rule (${r.method}): its baseline is learnt by the engine; PromQL has no equivalent` })
      continue
    }
    if (r.session) {
      skipped.push({ rule: r.name, reason: `session window (${r.session.from}–${r.session.to} ${r.session.tz}): PromQL evaluates in UTC without time zones or DST` })
      continue
    }
    const resolved = resolveMetric(r.metric)
    if (resolved === null) {
      skipped.push({ rule: r.name, reason: `metric ${r.metric} is not in the registry` })
      continue
    }
    const { def, labels } = resolved
    const scale = def.prom.scale ?? 1
    const value = valueExpr(r, selector(def.prom.name, labels))
    const name = alertName(r.name)
    const fire = `${value} ${r.op} ${scaled(r.threshold, scale)}`
    // Hysteresis (clear): once firing, the alert holds until the value passes the clear level.
    const expr =
      r.clear === undefined
        ? fire
        : `${fire}\nor\n(${value} ${r.op === '>' || r.op === '>=' ? '>' : '<'} ${scaled(r.clear, scale)} and on() ALERTS{alertname="${name}",alertstate="firing"})`
    const rule: PromAlertingRule = {
      alert: name,
      expr,
      labels: { ...r.labels, severity: r.severity, gapwatch_rule: r.name },
      annotations: { summary: messageTemplate(r, def.unit), metric: r.metric },
    }
    if (r.for !== '0s') rule.for = r.for
    if (r.keep_firing_for !== '0s') rule.keep_firing_for = r.keep_firing_for
    out.push(rule)
  }
  return { file: { groups: [{ name: RULES_EXPORT_GROUP, rules: out }] }, skipped }
}

/** The rules of DIR/rules.yaml (the defaults when there is none yet); a broken file is a usage error naming its lines. */
function loadRules(dataDir: string): readonly Rule[] {
  const file = path.join(dataDir, 'rules.yaml')
  if (!fs.existsSync(file)) return defaultRules
  const r = readRulesFile(file)
  if (r.ok) return r.rules
  throw new UsageError(r.errors.map((e) => formatRuleError(file, e)).join('\n'))
}

export function exportRules(dataDir: string, o: { format?: string; out?: string }): void {
  if (o.format !== 'prometheus') throw new UsageError(`--format: ${o.format === undefined ? 'required' : `"${o.format}" is not supported`} (prometheus).`)
  if (o.out !== undefined) {
    checkOutFile(o.out)
    checkOutIsNoDataFile(o.out, dataDir)
  }
  const { file, skipped } = toPrometheusRules(loadRules(dataDir))
  const text = `# Gapwatch alert rules from ${path.join(dataDir, 'rules.yaml')}, for Prometheus (gapwatch rules export).\n${stringify(file, { lineWidth: 0 })}`
  if (o.out === undefined) process.stdout.write(text)
  else fs.writeFileSync(o.out, text)
  for (const s of skipped) stderrLine(`skipped ${s.rule}: ${s.reason}`, 'warn', { rule: s.rule })
  const where = o.out === undefined ? '' : ` to ${o.out}`
  stderrLine(`gapwatch rules export: ${file.groups[0].rules.length} rule(s) written${where}, ${skipped.length} skipped.`)
}
