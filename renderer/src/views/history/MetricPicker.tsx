// Which stored metrics the History view draws, grouped by kind, at most MAX_METRICS at once.
import { useMemo } from 'react'
import { metricLabel } from '../../../../shared/format.ts'
import { resolveMetric } from '../../../../shared/metrics.ts'

export const MAX_METRICS = 12

export function MetricPicker({ available, selected, onChange }: { available: string[] | null; selected: string[]; onChange: (m: string[]) => void }) {
  const groups = useMemo(() => {
    const out = new Map<string, string[]>()
    for (const m of available ?? []) {
      const g = resolveMetric(m)?.labels.group !== undefined ? 'process groups' : m.split('.')[0]
      out.set(g, [...(out.get(g) ?? []), m])
    }
    return [...out.entries()]
  }, [available])
  const toggle = (m: string, on: boolean) => {
    if (on && selected.length >= MAX_METRICS) return
    onChange(on ? [...selected, m] : selected.filter((x) => x !== m))
  }
  return (
    <details className="metric-picker">
      <summary>
        Metrics ({selected.length} of {available?.length ?? '…'})
      </summary>
      {available === null ? (
        <p className="muted">Loading metric names…</p>
      ) : available.length === 0 ? (
        <p className="muted">Nothing stored yet.</p>
      ) : (
        <div className="metric-groups">
          {groups.map(([g, names]) => (
            <fieldset key={g}>
              <legend>{g}</legend>
              {names.map((m) => (
                <label key={m}>
                  <input type="checkbox" checked={selected.includes(m)} onChange={(e) => toggle(m, e.target.checked)} /> {metricLabel(m)}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      )}
      {selected.length >= MAX_METRICS && <p className="muted">At most {MAX_METRICS} charts at once.</p>}
    </details>
  )
}
