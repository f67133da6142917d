// The Prometheus text exposition format (version 0.0.4): HELP and TYPE once per family, then one
// line per series, label values escaped. Pure, so golden files pin it.

export interface PromSeries {
  labels: Readonly<Record<string, string>>
  value: number
}

export interface PromFamily {
  name: string
  kind: 'gauge' | 'counter'
  help: string
  series: PromSeries[]
}

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

const escapeHelp = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
const escapeLabel = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return String(v)
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
  return parts.length === 0 ? '' : `{${parts.join(',')}}`
}

/** The families as exposition text; a family without series is left out (no HELP without a sample). */
export function renderExposition(families: readonly PromFamily[]): string {
  const lines: string[] = []
  for (const f of families) {
    if (f.series.length === 0) continue
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.kind}`)
    for (const s of f.series) lines.push(`${f.name}${formatLabels(s.labels)} ${formatValue(s.value)}`)
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
