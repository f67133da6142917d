// The user's process groups: a name and a regular expression each. A pattern is shown whole (it
// wraps instead of scrolling out of its box), and Enter does not break it into lines.
import type { KeyboardEvent } from 'react'
import type { SettingsView as Settings } from '../../../../shared/settings-secrets.ts'
import { Field } from './Field.tsx'

type Groups = Settings['processGroups']

/** Rows a pattern needs to be read whole in a box about `perRow` characters wide. */
export function patternRows(pattern: string, perRow = 60): number {
  return Math.min(8, Math.max(1, Math.ceil(pattern.length / perRow)))
}

const noNewline = (e: KeyboardEvent) => {
  if (e.key === 'Enter') e.preventDefault()
}

export function ProcessGroupsCard({ groups, onChange, err }: { groups: Groups; onChange: (g: Groups) => void; err: (path: string) => string | undefined }) {
  const edit = (i: number, patch: Partial<Groups[number]>) => onChange(groups.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  return (
    <fieldset className="card groups-card">
      <legend>Process groups</legend>
      <p className="muted">Each group sums the processes whose name or command line matches its regular expression (case-insensitive); groups lead the process table.</p>
      {err('processGroups') && <p className="error">{err('processGroups')}</p>}
      {groups.map((g, i) => (
        <div className="group-row-edit" key={i} data-testid="group-edit">
          <Field label="Name" error={err(`processGroups.${i}.name`)}>
            {(p) => <input {...p} value={g.name} onChange={(e) => edit(i, { name: e.target.value })} />}
          </Field>
          <Field label="Pattern" error={err(`processGroups.${i}.pattern`)} wide>
            {(p) => (
              <textarea
                {...p}
                className="mono pattern"
                rows={patternRows(g.pattern)}
                spellCheck={false}
                value={g.pattern}
                onKeyDown={noNewline}
                onChange={(e) => edit(i, { pattern: e.target.value.replace(/[\r\n]+/g, '') })}
                data-testid="group-pattern"
              />
            )}
          </Field>
          <button type="button" className="icon" aria-label={`Remove group ${g.name || i + 1}`} onClick={() => onChange(groups.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...groups, { name: '', pattern: '' }])} disabled={groups.length >= 50}>
        Add group
      </button>
    </fieldset>
  )
}
