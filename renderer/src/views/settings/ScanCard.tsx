// The watchlist and the FVG scan options (middle candle rule, minimum gap, mitigation, label).
import type { FvgOptions } from '../../../../shared/fvg.ts'
import type { SettingsView as Settings } from '../../../../shared/settings-secrets.ts'
import { Field } from './Field.tsx'
import { MinGapField } from './MinGapField.tsx'

interface Props {
  draft: Settings
  set: (patch: Partial<Settings>) => void
  err: (path: string) => string | undefined
  /** The first error of any one symbol, shown on the list. */
  watchError: string | undefined
  /** The list as typed (the saved value is the parsed one). */
  watchText: string
  setWatchText: (t: string) => void
}

export function parseList(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

export function ScanCard({ draft, set, err, watchError, watchText, setWatchText }: Props) {
  const setScan = (patch: Partial<FvgOptions>) => set({ scan: { ...draft.scan, ...patch } })
  return (
    <fieldset className="card">
      <legend>Watchlist and scan</legend>
      <Field label="Watchlist symbols" hint="One per line or comma-separated; empty = every demo and imported symbol." error={err('watchlist') ?? watchError}>
        {(p) => (
          <textarea
            {...p}
            rows={4}
            value={watchText}
            onChange={(e) => {
              setWatchText(e.target.value)
              set({ watchlist: parseList(e.target.value) })
            }}
          />
        )}
      </Field>
      <Field label="Join consecutive gaps" error={err('scan.joinConsecutive')}>
        {(p) => <input {...p} type="checkbox" checked={draft.scan.joinConsecutive} onChange={(e) => setScan({ joinConsecutive: e.target.checked })} />}
      </Field>
      <Field label="Middle candle rule" error={err('scan.middle')}>
        {(p) => (
          <select {...p} value={draft.scan.middle} onChange={(e) => setScan({ middle: e.target.value as FvgOptions['middle'] })}>
            <option value="body">body (smartmoneyconcepts)</option>
            <option value="close-beyond">close beyond the first wick</option>
            <option value="none">none</option>
          </select>
        )}
      </Field>
      <MinGapField value={draft.scan.minGap} onChange={(minGap) => setScan({ minGap })} err={err} />
      <Field label="Mitigation" error={err('scan.mitigation')}>
        {(p) => (
          <select {...p} value={draft.scan.mitigation} onChange={(e) => setScan({ mitigation: e.target.value as FvgOptions['mitigation'] })}>
            <option value="touch">touch</option>
            <option value="full-wick">full wick</option>
            <option value="full-close">full close</option>
            <option value="half">half (50 % fill)</option>
          </select>
        )}
      </Field>
      <Field label="Label the zone on" error={err('scan.label')}>
        {(p) => (
          <select {...p} value={draft.scan.label} onChange={(e) => setScan({ label: e.target.value as FvgOptions['label'] })}>
            <option value="middle">the middle candle</option>
            <option value="third">the confirming third candle</option>
          </select>
        )}
      </Field>
    </fieldset>
  )
}
