// What-if controls: headroom, percentile, target utilisation, look-back, prices and trades, each
// overriding Settings → Cost for this view only; the report is recomputed as they move.
import type { CostParams, CostSettings, Pricing } from '../../../../shared/cost.ts'
import { LOOKBACK_DAYS } from '../../../../shared/cost.ts'

const PERCENTILES = [50, 90, 95, 99, 99.5, 100]

interface Props {
  saved: CostSettings
  value: CostParams
  onChange: (next: CostParams) => void
  /** Back to the saved settings (the parent remounts this, so typed values go too). */
  onReset: () => void
}

/** A number input's value, or undefined while it does not hold a number. */
const numberOf = (text: string): number | undefined => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text))

export function WhatIf({ saved, value, onChange, onReset }: Props) {
  const cur = { ...saved, ...value }
  const set = (patch: CostParams) => onChange({ ...value, ...patch })
  const pricing = cur.pricing
  const setPrice = (patch: Partial<Pricing>) => set({ pricing: { ...pricing, ...patch } as Pricing })
  const priceInput = (label: string, v: number, onValue: (n: number) => void, testId: string, step: number) => (
    <label>
      {label}
      <input type="number" min={0} step={step} defaultValue={v} onChange={(e) => numberOf(e.target.value) !== undefined && onValue(numberOf(e.target.value)!)} data-testid={testId} />
    </label>
  )
  const changed = Object.keys(value).length > 0
  return (
    <section className="card cost-whatif-card" aria-label="What-if">
      <header>
        <h2>What if</h2>
        <span className="muted">changes here recompute the report; Settings → Cost keeps the saved values</span>
      </header>
      <div className="cost-whatif">
        <label>
          Headroom <output data-testid="whatif-headroom-value">{Math.round(cur.headroom * 100)} %</output>
          <input type="range" min={0} max={100} step={5} value={Math.round(cur.headroom * 100)} onChange={(e) => set({ headroom: e.target.valueAsNumber / 100 })} data-testid="whatif-headroom" />
        </label>
        <label>
          Size for
          <select value={cur.percentile} onChange={(e) => set({ percentile: Number(e.target.value) })} data-testid="whatif-percentile">
            {PERCENTILES.map((p) => (
              <option key={p} value={p}>
                {p === 100 ? 'the peak' : `p${p}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Target utilisation <output>{Math.round(cur.targetUtilisation * 100)} %</output>
          <input type="range" min={30} max={100} step={5} value={Math.round(cur.targetUtilisation * 100)} onChange={(e) => set({ targetUtilisation: e.target.valueAsNumber / 100 })} data-testid="whatif-target" />
        </label>
        <label>
          Look-back (days)
          <input type="number" min={LOOKBACK_DAYS.min} max={LOOKBACK_DAYS.max} defaultValue={cur.lookbackDays} onChange={(e) => {
            const n = numberOf(e.target.value)
            if (n !== undefined && Number.isInteger(n) && n >= LOOKBACK_DAYS.min && n <= LOOKBACK_DAYS.max) set({ lookbackDays: n })
          }} data-testid="whatif-days" />
        </label>
        {pricing.kind === 'per-month' && (
          <>
            {priceInput(`${pricing.currency} per core-month`, pricing.cpuMonth, (cpuMonth) => setPrice({ cpuMonth }), 'whatif-price-cpu', 0.5)}
            {priceInput(`${pricing.currency} per GB-month`, pricing.gbMonth, (gbMonth) => setPrice({ gbMonth }), 'whatif-price-gb', 0.1)}
          </>
        )}
        {pricing.kind === 'per-hour' && (
          <>
            {priceInput(`${pricing.currency} per vCPU-hour`, pricing.cpuHour, (cpuHour) => setPrice({ cpuHour }), 'whatif-price-cpu', 0.001)}
            {priceInput(`${pricing.currency} per GB-hour`, pricing.gbHour, (gbHour) => setPrice({ gbHour }), 'whatif-price-gb', 0.0001)}
          </>
        )}
        {(pricing.kind === 'catalog' || pricing.kind === 'workstation') && <span className="muted">Prices: {pricing.kind === 'catalog' ? 'from the instance catalog' : 'the workstation in Settings → Cost'}.</span>}
        <label>
          Trades per day
          <input type="number" min={0} step={1} defaultValue={typeof cur.trades === 'number' ? cur.trades : ''} placeholder={Array.isArray(cur.trades) ? 'daily counts' : 'none'} onChange={(e) => set({ trades: numberOf(e.target.value) ?? saved.trades })} data-testid="whatif-trades" />
        </label>
        <button type="button" disabled={!changed} onClick={onReset} data-testid="whatif-reset">
          Back to the saved settings
        </button>
      </div>
    </section>
  )
}
