// The History toolbar: range presets, a custom range, half-range steps and the way back to live.
import type { Range, PresetId } from './range.ts'
import { PRESETS } from './range.ts'
import { CustomRange } from './CustomRange.tsx'

interface Props {
  range: Range
  lastPreset: PresetId
  /** `at` is the event's timeStamp (performance.now() time base). */
  onPick: (r: Range, at: number) => void
  onStep: (dir: -1 | 1, at: number) => void
}

export function RangeToolbar({ range, lastPreset, onPick: pick, onStep: step }: Props) {
  const following = range.kind === 'preset'
  return (
    <div className="toolbar" role="toolbar" aria-label="History range">
      <div className="segmented" role="group" aria-label="Range">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={range.kind === 'preset' && range.id === p.id}
            data-testid={`range-${p.id}`}
            onClick={(e) => pick({ kind: 'preset', id: p.id }, e.timeStamp)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <CustomRange onApply={(from, to, at) => pick({ kind: 'fixed', from, to, why: 'custom' }, at)} active={range.kind === 'fixed' && range.why === 'custom'} />
      <div className="segmented" role="group" aria-label="Move in time">
        <button type="button" onClick={(e) => step(-1, e.timeStamp)} title="Step back half a range">
          ← Earlier
        </button>
        <button type="button" onClick={(e) => step(1, e.timeStamp)} disabled={following} title="Step forward half a range">
          Later →
        </button>
      </div>
      {following ? (
        <span className="badge live" title="Follows new samples">
          ● Live
        </span>
      ) : (
        <button type="button" className="primary" onClick={(e) => pick({ kind: 'preset', id: lastPreset }, e.timeStamp)}>
          Back to live
        </button>
      )}
    </div>
  )
}
