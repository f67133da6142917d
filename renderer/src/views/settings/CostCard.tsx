// Settings → Cost: how capacity is priced (by resource, from the instance catalog, or as a
// workstation), the capacity analysed (this host's unless set), trades per day and the analysis'
// knobs. Validated by CostSettingsSchema through the form's schema (shared/cost.ts).
import { useState } from 'react'
import { formatTradesCsv, parseTradesCsv, describeTradesErrors } from '../../../../shared/trades-csv.ts'
import { useDraftText } from './draft-text.ts'
import { DEFAULT_PRICE_CPU_HOUR, DEFAULT_PRICE_GB_HOUR, LOOKBACK_DAYS, type CatalogEntry, type CostSettings, type Pricing, type PricingKind, type Trades } from '../../../../shared/cost.ts'
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
  const [entriesText, setEntriesText] = useDraftText(cost.userCatalog, catalogText)
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
                  const userCatalog = parseCatalogLines(e.target.value)
                  setEntriesText(e.target.value, userCatalog)
                  setCost({ userCatalog })
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
      <TradesField trades={cost.trades} onTrades={(trades) => setCost({ trades })} error={err('cost.trades')} />
      {numberField('Headroom (%)', 'cost.headroom', Math.round(cost.headroom * 1000) / 10, (v) => setCost({ headroom: v / 100 }), { hint: 'added to the percentile; 0 – 500', testId: 'set-cost-headroom' })}
      {numberField('Size for percentile', 'cost.percentile', cost.percentile, (percentile) => setCost({ percentile }), { hint: '50 – 100 (100 = the peak)' })}
      {numberField('Target utilisation (%)', 'cost.targetUtilisation', Math.round(cost.targetUtilisation * 100), (v) => setCost({ targetUtilisation: v / 100 }), { hint: '5 – 100: the share of the cores the percentile may fill' })}
      {numberField('Look-back (days)', 'cost.lookbackDays', cost.lookbackDays, (lookbackDays) => setCost({ lookbackDays }), { step: 1, hint: `${LOOKBACK_DAYS.min} – ${LOOKBACK_DAYS.max}` })}
    </fieldset>
  )
}

type TradesMode = 'none' | 'number' | 'daily'
const modeOf = (t: Trades | null): TradesMode => (t === null ? 'none' : Array.isArray(t) ? 'daily' : 'number')

/**
 * Trades per day for the cost per trade: none, one number, or daily counts pasted or uploaded as
 * "date,trades" lines, validated by line (while a line is wrong the draft holds no counts, which the
 * schema refuses, so the form cannot be saved). Everything derives from the draft, so "Discard
 * changes" resets it.
 */
function TradesField({ trades, onTrades, error }: { trades: Trades | null; onTrades: (t: Trades | null) => void; error: string | undefined }) {
  const mode = modeOf(trades)
  const [text, setText] = useDraftText(trades, formatTradesCsv)
  const [fileError, setFileError] = useState<string | null>(null)
  const parsed = mode === 'daily' ? parseTradesCsv(text) : null
  const onText = (t: string) => {
    const r = parseTradesCsv(t)
    const next: Trades = r.ok ? r.trades : []
    setText(t, next)
    setFileError(null)
    onTrades(next)
  }
  return (
    <>
      <Field label="Trades per day" hint="for the cost per trade" error={mode === 'number' ? error : undefined}>
        {(fp) => (
          <span className="inline">
            <select
              aria-label="Trades per day as"
              value={mode}
              onChange={(e) => {
                const m = e.target.value as TradesMode
                if (m === 'none') onTrades(null)
                if (m === 'number') onTrades(0)
                if (m === 'daily') onText(text)
              }}
              data-testid="set-cost-trades-mode"
            >
              <option value="none">none</option>
              <option value="number">one number</option>
              <option value="daily">daily counts (CSV)</option>
            </select>
            {mode === 'number' && <input {...fp} type="number" min={0} step={1} value={typeof trades === 'number' ? num(trades) : ''} onChange={(e) => onTrades(e.target.valueAsNumber)} data-testid="set-cost-trades" />}
          </span>
        )}
      </Field>
      {mode === 'daily' && (
        <Field
          label="Daily trade counts"
          hint='"date,trades" a line (YYYY-MM-DD; a header line is fine): paste them, or load a CSV file. Their mean over the look-back is used.'
          error={fileError ?? (parsed && !parsed.ok ? describeTradesErrors(parsed.errors) : undefined)}
          wide
        >
          {(fp) => (
            <div>
              <textarea {...fp} rows={4} value={text} placeholder={'2026-11-30,95\n2026-12-01,102'} onChange={(e) => onText(e.target.value)} data-testid="set-cost-trades-csv" />
              <input
                type="file"
                accept=".csv,text/csv,text/plain"
                aria-label="Load daily trade counts from a CSV file"
                onChange={(e) => {
                  const file = e.target.files?.[0]
                  e.target.value = ''
                  if (!file) return
                  if (file.size > MAX_TRADES_FILE_BYTES) setFileError(`${file.name} is ${Math.round(file.size / 1000)} KB; at most ${MAX_TRADES_FILE_BYTES / 1000} KB of "date,trades" lines.`)
                  else void file.text().then(onText, (err: Error) => setFileError(`${file.name} could not be read: ${err.message}`))
                }}
                data-testid="set-cost-trades-file"
              />
            </div>
          )}
        </Field>
      )}
    </>
  )
}

/** 5000 days of "YYYY-MM-DD,count" lines fit in well under this. */
const MAX_TRADES_FILE_BYTES = 200_000
