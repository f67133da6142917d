// One source of truth for metric names (issue 14): outside shared/metrics.ts no string literal names a
// metric. Code names one through the registry's typed helpers — metricName('cpu.core.{core}', { core }),
// unitOfFamily(…), isFamily(…) — whose first argument TypeScript checks against the declared names.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { METRICS, resolveMetric } from '../../shared/metrics.ts'

const root = path.resolve(import.meta.dirname, '../..')
/** Where the rule holds: shared/ (but the registry itself), the dashboard and every part of electron/. */
const SCANNED = ['shared', 'electron/engine', 'electron/main', 'electron/preload', 'electron/server', 'electron/cli', 'electron/worker']
/** Literals that are fixtures, not names the code uses: file → literal. None so far. */
const ALLOWED: ReadonlyArray<[string, string]> = []

const FAMILIES = new Set(METRICS.map((m) => m.name))
const PREFIXES = [...new Set(METRICS.map((m) => m.name.split('.')[0]))]
const TYPED_HELPER = /\b(metricName|unitOfFamily|isFamily)\(\s*$|\bisFamily\([^(),]+,\s*$/

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) yield* sources(p)
    else if (/\.(ts|tsx)$/.test(e.name)) yield p
  }
}

/** Whether a literal's text names a metric: a declared name or family, a stored name, or a template or prefix of one. */
export function namesMetric(text: string): boolean {
  if (FAMILIES.has(text) || resolveMetric(text) !== null) return true
  if (text.includes('${')) {
    if (PREFIXES.some((p) => text.startsWith(`${p}.`))) return [...FAMILIES].some((f) => f.startsWith(text.slice(0, text.indexOf('${')).replace(/\.[^.]*$/, '.')))
    return false
  }
  return text.endsWith('.') && [...FAMILIES].some((f) => f.startsWith(text) && f !== text)
}

function offenders(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8')
  const rel = path.relative(root, file)
  const out: string[] = []
  for (const m of src.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) {
    const text = m[2]
    if (!namesMetric(text)) continue
    if (TYPED_HELPER.test(src.slice(Math.max(0, m.index - 80), m.index))) continue
    if (ALLOWED.some(([f, t]) => f === rel && t === text)) continue
    out.push(`${rel}:${src.slice(0, m.index).split('\n').length}: ${m[0]}`)
  }
  return out
}

describe('metric names come from shared/metrics.ts', () => {
  it('recognises what it must reject', () => {
    for (const t of ['cpu.total', 'cpu.user', 'cpu.core.3', 'gpu.0.temp', 'group.bots.cpu', 'cpu.core.{core}', 'gpu.${index}.util', 'group.', 'cpu.core.']) expect(namesMetric(t), t).toBe(true)
    for (const t of ['cpu', 'percent', 'chart-cpu', 'process groups', 'e.g.', 'a.b']) expect(namesMetric(t), t).toBe(false)
  })

  it('no metric-name literal outside the registry: shared/, the renderer, the engine and the hosts use the typed helpers', () => {
    const registry = path.join(root, 'shared/metrics.ts')
    const found = SCANNED.flatMap((d) => [...sources(path.join(root, d))].filter((f) => f !== registry)).flatMap(offenders)
    expect(found).toEqual([])
  })
})
