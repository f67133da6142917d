// Settings → Cost: how capacity is priced (by resource, from the instance catalog, or as a
// workstation), the capacity analysed (this host's unless set), trades per day and the analysis'
// knobs. Validated by CostSettingsSchema through the form's schema (shared/cost.ts).
import { useState } from 'react'
import { DEFAULT_PRICE_CPU_HOUR, DEFAULT_PRICE_GB_HOUR, LOOKBACK_DAYS, type CatalogEntry, type CostSettings, type Pricing, type PricingKind } from '../../../../shared/cost.ts'
import type { SettingsView as Settings } from '../../../../shared/settings-secrets.ts'
import { Field } from './Field.tsx'

interface Props {
  draft: Settings
  set: (patch: Partial<Settings>) => void
  err: (path: string) => string | undefined
  /** The first error under a path prefix, for a list edited as one text area. */
  firstErr: (prefix: string) => string | undefined
}

const KINDS: Array<{ kind: PricingKind; label: string }> = [
  { kind: 'per-hour', label: 'Per vCPU-hour and GB-hour' },
  { kind: 'per-month', label: 'Per core-month and GB-month' },
  { kind: 'catalog', label: 'Instance catalog' },
  { kind: 'workstation', label: 'Workstation (hardware + electricity)' },
]

/** A new pricing of `kind`, keeping the currency. */
function pricingOf(kind: PricingKind, currency: string): Pricing {
  switch (kind) {
    case 'per-hour':
      return { kind, cpuHour: DEFAULT_PRICE_CPU_HOUR, gbHour: DEFAULT_PRICE_GB_HOUR, currency }
    case 'per-month':
      return { kind, cpuMonth: 15, gbMonth: 3, currency }
    case 'catalog':
      return { kind, catalog: null, currentInstance: null }
    case 'workstation':
      return { kind, hardwarePrice: 3000, amortiseMonths: 36, kwhPrice: 0.3, cpuTdpW: 125, baseW: 40, currency }
  }
}

const num = (v: number) => (Number.isFinite(v) ? v : '')

/** "name, vCPUs, GB, price per hour" lines; a line that does not read so keeps its text as the name and NaN numbers, which the schema refuses. */
export function parseCatalogLines(text: string): CatalogEntry[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [name = '', vcpus, memoryGb, hourly] = line.split(',').map((c) => c.trim())
      return { name, provider: 'mine', vcpus: Number(vcpus ?? NaN), memoryGb: Number(memoryGb ?? NaN), gpus: 0, hourly: Number(hourly ?? NaN) }
    })
}
const catalogText = (entries: readonly CatalogEntry[]) => entries.map((e) => `${e.name}, ${e.vcpus}, ${e.memoryGb}, ${e.hourly}`).join('\n')

export function CostCard({ draft, set, err, firstErr }: Props) {
  const cost = draft.cost
  const setCost = (patch: Partial<CostSettings>) => set({ cost: { ...cost, ...patch } })
  const p = cost.pricing
  const setPricing = (patch: Partial<Pricing>) => setCost({ pricing: { ...p, ...patch } as Pricing })
  const currency = p.kind === 'catalog' ? 'USD' : p.currency
  const [entriesText, setEntriesText] = useState(catalogText(cost.userCatalog))
  const numberField = (label: string, path: string, value: number, onValue: (v: number) => void, opts: { hint?: string; step?: number; testId?: string } = {}) => (
    <Field label={label} hint={opts.hint} error={err(path)}>
      {(fp) => <input {...fp} type="number" min={0} step={opts.step ?? 'any'} value={num(value)} onChange={(e) => onValue(e.target.valueAsNumber)} data-testid={opts.testId} />}
    </Field>
  )
  return (
    <fieldset className="card" data-testid="cost-settings">
      <legend>Cost</legend>
      <Field label="Pricing" error={err('cost.pricing')}>
        {(fp) => (
          <select {...fp} value={p.kind} onChange={(e) => setCost({ pricing: pricingOf(e.target.value as PricingKind, currency) })} data-testid="set-cost-pricing">
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {p.kind === 'per-hour' && (
        <>
          {numberField('Price per vCPU-hour', 'cost.pricing.cpuHour', p.cpuHour, (cpuHour) => setPricing({ cpuHour }), { hint: `OpenCost's default ${DEFAULT_PRICE_CPU_HOUR}`, testId: 'set-cost-cpu-hour' })}
          {numberField('Price per GB-hour', 'cost.pricing.gbHour', p.gbHour, (gbHour) => setPricing({ gbHour }), { hint: `OpenCost's default ${DEFAULT_PRICE_GB_HOUR}` })}
        </>
      )}
      {p.kind === 'per-month' && (
        <>
          {numberField('Price per core-month', 'cost.pricing.cpuMonth', p.cpuMonth, (cpuMonth) => setPricing({ cpuMonth }), { testId: 'set-cost-cpu-month' })}
          {numberField('Price per GB-month', 'cost.pricing.gbMonth', p.gbMonth, (gbMonth) => setPricing({ gbMonth }), { testId: 'set-cost-gb-month' })}
        </>
      )}
      {p.kind === 'workstation' && (
        <>
          {numberField('Hardware price', 'cost.pricing.hardwarePrice', p.hardwarePrice, (hardwarePrice) => setPricing({ hardwarePrice }))}
          {numberField('Amortised over (months)', 'cost.pricing.amortiseMonths', p.amortiseMonths, (amortiseMonths) => setPricing({ amortiseMonths }), { step: 1 })}
          {numberField('Electricity per kWh', 'cost.pricing.kwhPrice', p.kwhPrice, (kwhPrice) => setPricing({ kwhPrice }))}
          {numberField('CPU TDP (W)', 'cost.pricing.cpuTdpW', p.cpuTdpW, (cpuTdpW) => setPricing({ cpuTdpW }), { hint: 'scaled by CPU utilisation; GPU power from nvidia-smi: an estimate' })}
          {numberField('Rest of the box at idle (W)', 'cost.pricing.baseW', p.baseW, (baseW) => setPricing({ baseW }))}
        </>
      )}
      {p.kind !== 'catalog' && (
        <Field label="Currency" hint="ISO code, e.g. USD, EUR" error={err('cost.pricing.currency')}>
          {(fp) => <input {...fp} value={p.currency} onChange={(e) => setPricing({ currency: e.target.value })} />}
        </Field>
      )}
      {p.kind === 'catalog' && (
        <>
          <Field label="This machine is" hint="an instance name; blank: the cheapest that holds its cores and memory" error={err('cost.pricing.currentInstance')}>
            {(fp) => <input {...fp} value={p.currentInstance ?? ''} onChange={(e) => setPricing({ currentInstance: e.target.value.trim() === '' ? null : e.target.value })} />}
          </Field>
          <Field label="My instance types" hint="one a line: name, vCPUs, GB, price per hour — added to the bundled, dated catalog" error={firstErr('cost.userCatalog')} wide>
            {(fp) => (
              <textarea
                {...fp}
                rows={3}
                value={entriesText}
                placeholder="office-box, 8, 32, 0.12"
                onChange={(e) => {
                  setEntriesText(e.target.value)
                  setCost({ userCatalog: parseCatalogLines(e.target.value) })
                }}
                data-testid="set-cost-catalog"
              />
            )}
          </Field>
        </>
      )}
      <Field label="Use this host's capacity" hint="untick to analyse a trace from another machine" error={err('cost.capacity')}>
        {(fp) => <input {...fp} type="checkbox" checked={cost.capacity === null} onChange={(e) => setCost({ capacity: e.target.checked ? null : { cores: 8, memoryGb: 32 } })} data-testid="set-cost-host" />}
      </Field>
      {cost.capacity !== null && (
        <>
          {numberField('Cores', 'cost.capacity.cores', cost.capacity.cores, (cores) => setCost({ capacity: { ...cost.capacity!, cores } }), { step: 1, testId: 'set-cost-cores' })}
          {numberField('Memory (GB)', 'cost.capacity.memoryGb', cost.capacity.memoryGb, (memoryGb) => setCost({ capacity: { ...cost.capacity!, memoryGb } }))}
        </>
      )}
      <Field label="Trades per day" hint="for the cost per trade; blank: none" error={err('cost.trades')}>
        {(fp) => (
          <input {...fp} type="number" min={0} step={1} value={typeof cost.trades === 'number' ? cost.trades : ''} onChange={(e) => setCost({ trades: e.target.value === '' ? null : e.target.valueAsNumber })} data-testid="set-cost-trades" />
        )}
      </Field>
      {numberField('Headroom (%)', 'cost.headroom', Math.round(cost.headroom * 1000) / 10, (v) => setCost({ headroom: v / 100 }), { hint: 'added to the percentile; 0 – 500', testId: 'set-cost-headroom' })}
      {numberField('Size for percentile', 'cost.percentile', cost.percentile, (percentile) => setCost({ percentile }), { hint: '50 – 100 (100 = the peak)' })}
      {numberField('Target utilisation (%)', 'cost.targetUtilisation', Math.round(cost.targetUtilisation * 100), (v) => setCost({ targetUtilisation: v / 100 }), { hint: '5 – 100: the share of the cores the percentile may fill' })}
      {numberField('Look-back (days)', 'cost.lookbackDays', cost.lookbackDays, (lookbackDays) => setCost({ lookbackDays }), { step: 1, hint: `${LOOKBACK_DAYS.min} – ${LOOKBACK_DAYS.max}` })}
    </fieldset>
  )
}
