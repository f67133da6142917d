// The scan's minimum gap: none, a % of price, a multiple of ATR, or LuxAlgo's auto threshold.
import type { MinGap } from '../../../../shared/fvg.ts'
import { Field } from './Field.tsx'

export function MinGapField({ value, onChange, err }: { value: MinGap; onChange: (m: MinGap) => void; err: (path: string) => string | undefined }) {
  return (
    <div className="min-gap">
      <Field label="Minimum gap" error={err('scan.minGap.kind') ?? err('scan.minGap')}>
        {(p) => (
          <select
            {...p}
            value={value.kind}
            onChange={(e) => {
              const kind = e.target.value as MinGap['kind']
              onChange(kind === 'percent' ? { kind, value: 0.05 } : kind === 'atr' ? { kind, multiple: 0.5, period: 14 } : { kind })
            }}
          >
            <option value="none">none</option>
            <option value="percent">% of price</option>
            <option value="atr">× ATR</option>
            <option value="auto">auto (LuxAlgo)</option>
          </select>
        )}
      </Field>
      {value.kind === 'percent' && (
        <Field label="At least (%)" error={err('scan.minGap.value')}>
          {(p) => <input {...p} type="number" min={0} step={0.01} value={Number.isFinite(value.value) ? value.value : ''} onChange={(e) => onChange({ ...value, value: e.target.valueAsNumber })} />}
        </Field>
      )}
      {value.kind === 'atr' && (
        <>
          <Field label="Multiple of ATR" error={err('scan.minGap.multiple')}>
            {(p) => (
              <input {...p} type="number" min={0} step={0.1} value={Number.isFinite(value.multiple) ? value.multiple : ''} onChange={(e) => onChange({ ...value, multiple: e.target.valueAsNumber })} />
            )}
          </Field>
          <Field label="ATR period" error={err('scan.minGap.period')}>
            {(p) => <input {...p} type="number" min={1} step={1} value={Number.isFinite(value.period) ? value.period : ''} onChange={(e) => onChange({ ...value, period: e.target.valueAsNumber })} />}
          </Field>
        </>
      )}
    </div>
  )
}
