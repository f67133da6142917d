// Sampling and storage: the interval, how long each history tier is kept, the scanner's workers,
// and (in the desktop app only) the tray.
import { formatDuration } from '../../../../shared/format.ts'
import type { SettingsView as Settings } from '../../../../shared/settings-secrets.ts'
import { Field } from './Field.tsx'

interface Props {
  draft: Settings
  set: (patch: Partial<Settings>) => void
  err: (path: string) => string | undefined
  /** Whether desktop-only settings (the tray) apply: the client talks IPC. */
  desktop: boolean
}

const num = (v: number) => (Number.isFinite(v) ? v : '')

export function SamplingCard({ draft, set, err, desktop }: Props) {
  return (
    <fieldset className="card">
      <legend>Sampling and storage</legend>
      <Field label="Sample interval (ms)" hint="250 ms – 60 s; applied at once." error={err('sampleIntervalMs')}>
        {(p) => (
          <input {...p} type="number" min={250} max={60000} step={250} value={num(draft.sampleIntervalMs)} onChange={(e) => set({ sampleIntervalMs: e.target.valueAsNumber })} data-testid="set-interval" />
        )}
      </Field>
      <Field label="Keep raw samples (hours)" hint={`${formatDuration(draft.retention.rawHours * 3_600_000)}; 1 – 336`} error={err('retention.rawHours')}>
        {(p) => (
          <input {...p} type="number" min={1} max={336} value={num(draft.retention.rawHours)} onChange={(e) => set({ retention: { ...draft.retention, rawHours: e.target.valueAsNumber } })} />
        )}
      </Field>
      <Field label="Keep 1-minute rollups (days)" hint="1 – 365" error={err('retention.minuteDays')}>
        {(p) => (
          <input {...p} type="number" min={1} max={365} value={num(draft.retention.minuteDays)} onChange={(e) => set({ retention: { ...draft.retention, minuteDays: e.target.valueAsNumber } })} />
        )}
      </Field>
      <Field label="Keep 1-hour rollups (days)" hint="1 – 3650" error={err('retention.hourDays')}>
        {(p) => (
          <input {...p} type="number" min={1} max={3650} value={num(draft.retention.hourDays)} onChange={(e) => set({ retention: { ...draft.retention, hourDays: e.target.valueAsNumber } })} />
        )}
      </Field>
      <Field label="Scanner workers" hint="0 = automatic (cores − 1, at least 1); up to 64." error={err('workers')}>
        {(p) => <input {...p} type="number" min={0} max={64} value={num(draft.workers)} onChange={(e) => set({ workers: e.target.valueAsNumber })} data-testid="set-workers" />}
      </Field>
      {desktop && (
        <Field label="Keep running in the tray when the window closes" error={err('trayOnClose')}>
          {(p) => <input {...p} type="checkbox" checked={draft.trayOnClose} onChange={(e) => set({ trayOnClose: e.target.checked })} data-testid="set-tray" />}
        </Field>
      )}
    </fieldset>
  )
}
