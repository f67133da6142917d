// The Cost view: what the machine costs, what it needs and what right-sizing would save, from the
// engine's `cost` command over Settings → Cost, with what-if overrides recomputed as they change.
import { useEffect, useState } from 'react'
import { keepPreviousData } from '@tanstack/react-query'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { defaultCostSettings, formatMoney, MIN_CONFIDENT_HOURS, type CostParams, type CostReport } from '../../../../shared/cost.ts'
import type { LiveStore } from '../../store/live.ts'
import { useSignal } from '../../store/signal.ts'
import { useCommand } from '../../client/queries.ts'
import { Histogram } from './Histogram.tsx'
import { WhatIf } from './WhatIf.tsx'
import './cost.css'

const n2 = (v: number) => String(Number(v.toFixed(2)))

/** `value` once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

export function Cost({ client, store }: { client: GapwatchClient; store: LiveStore }) {
  const settings = useSignal(store.settings)
  const [whatIf, setWhatIf] = useState<CostParams>({})
  const [resets, setResets] = useState(0)
  const params = useSettled(whatIf, 150)
  const q = useCommand(client, 'cost', params, { placeholderData: keepPreviousData, refetchInterval: 60_000 })
  const saved = settings?.cost ?? defaultCostSettings
  return (
    <div className="cost" data-testid="cost-view">
      <WhatIf
        key={resets}
        saved={saved}
        value={whatIf}
        onChange={setWhatIf}
        onReset={() => {
          setWhatIf({})
          setResets((n) => n + 1)
        }}
      />
      {q.error && (
        <p className="error" role="alert">
          Cost analysis failed: {q.error.message}
        </p>
      )}
      {q.data ? <Report report={q.data} /> : !q.error && <p className="muted">Analysing the history…</p>}
      {q.isFetching && q.data && <p className="muted" aria-live="polite">Recomputing…</p>}
    </div>
  )
}

function Report({ report: r }: { report: CostReport }) {
  const money = (v: number | null | undefined) => formatMoney(v ?? null, r.currency)
  return (
    <>
      <div className="cost-top">
        <section className="card cost-money" aria-label="Monthly cost" data-testid="cost-money">
          <header>
            <h2>Monthly cost</h2>
            <span className="muted">{r.pricing} pricing · 730 h a month</span>
          </header>
          <span className="big" data-testid="cost-now">
            {money(r.current.monthlyCost)} <small>now</small>
            {r.recommended && (
              <>
                {'  →  '}
                <span data-testid="cost-recommended">{money(r.recommended.monthlyCost)}</span> <small>recommended</small>
              </>
            )}
          </span>
          {r.savings ? (
            <p className="sub">
              <span className={r.savings.monthly >= 0 ? 'saving' : 'loss'} data-testid="cost-savings">
                {r.savings.monthly >= 0 ? 'saves' : 'costs'} {money(Math.abs(r.savings.monthly))} {r.savings.monthly >= 0 ? '' : 'more '}a month
              </span>
              {' · '}
              {money(Math.abs(r.savings.yearly))} a year · {r.savings.monthly >= 0 ? '−' : '+'}
              {n2(Math.abs(r.savings.percent))} %
            </p>
          ) : (
            <p className="sub">{r.recommended ? 'The recommendation has no price with this pricing.' : 'No recommendation yet: not enough history.'}</p>
          )}
          {(r.perTrade.current !== null || r.perMillionCandles.current !== null) && (
            <p className="sub">
              {r.perTrade.current !== null && (
                <>
                  per trade {money(r.perTrade.current)}
                  {r.perTrade.recommended !== null && <> → {money(r.perTrade.recommended)}</>}
                </>
              )}
              {r.perTrade.current !== null && r.perMillionCandles.current !== null && ' · '}
              {r.perMillionCandles.current !== null && (
                <>
                  per million candles {money(r.perMillionCandles.current)}
                  {r.perMillionCandles.recommended !== null && <> → {money(r.perMillionCandles.recommended)}</>}
                </>
              )}
            </p>
          )}
        </section>
        <Capacity report={r} />
      </div>
      {r.confidence.hours === 0 ? (
        <NotEnough report={r} />
      ) : (
        <div className="cost-grid">
          <section className="card">
            <Histogram report={r} />
          </section>
          {r.confidence.level === 'none' ? <NotEnough report={r} /> : <Findings report={r} />}
        </div>
      )}
    </>
  )
}

function Capacity({ report: r }: { report: CostReport }) {
  const u = r.utilisation
  const rec = r.recommended
  return (
    <section className="card" aria-label="Capacity">
      <header>
        <h2>Capacity</h2>
        <span className={`badge confidence ${r.confidence.level}`} data-testid="cost-confidence">
          {r.confidence.level === 'none' ? 'not enough data' : `${r.confidence.level} confidence`} · {n2(r.confidence.hours)} h of history
        </span>
      </header>
      <table className="table cost-capacity" data-testid="cost-capacity">
        <thead>
          <tr>
            <th />
            <th className="num">now</th>
            <th className="num">recommended</th>
            <th className="num">in use (avg · p99.5 · peak)</th>
            <th className="num">idle</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>Cores</td>
            <td className="num">{n2(r.current.cores)}</td>
            <td className="num" data-testid="rec-cores">
              {rec ? n2(rec.cores) : '—'}
            </td>
            <td className="num">{`${n2(u.cpuCores.avg)} · ${n2(u.cpuCores.p995)} · ${n2(u.cpuCores.max)}`}</td>
            <td className="num">{Math.round(r.idle.cpu * 100)} %</td>
          </tr>
          <tr>
            <td>Memory (GB)</td>
            <td className="num">{n2(r.current.memoryGb)}</td>
            <td className="num" data-testid="rec-memory">
              {rec ? n2(rec.memoryGb) : '—'}
            </td>
            <td className="num">{`${n2(u.memoryGb.avg)} · ${n2(u.memoryGb.p995)} · ${n2(u.memoryGb.max)}`}</td>
            <td className="num">{Math.round(r.idle.memory * 100)} %</td>
          </tr>
          {(r.current.instance || rec?.instance) && (
            <tr>
              <td>Instance</td>
              <td className="num">{r.current.instance ?? '—'}</td>
              <td className="num">{rec?.instance ?? '—'}</td>
              <td />
              <td />
            </tr>
          )}
          {u.gpuPct && (
            <tr>
              <td>GPU (%)</td>
              <td />
              <td />
              <td className="num">{`${n2(u.gpuPct.avg)} · ${n2(u.gpuPct.p995)} · ${n2(u.gpuPct.max)}`}</td>
              <td />
            </tr>
          )}
        </tbody>
      </table>
      {rec && r.confidence.level !== 'high' && (
        <p className="sub">
          On this much history the need could be {n2(rec.range.cores.low)}–{n2(rec.range.cores.high)} cores and {n2(rec.range.memoryGb.low)}–{n2(rec.range.memoryGb.high)} GB.
        </p>
      )}
    </section>
  )
}

function Findings({ report: r }: { report: CostReport }) {
  return (
    <section className="card" aria-label="Findings">
      <header>
        <h2>Findings</h2>
        <span className="muted">{r.verdict.replace(/-/g, ' ')}</span>
      </header>
      <ul className="cost-findings" data-testid="cost-findings">
        {r.findings.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
    </section>
  )
}

/** The empty and short-history states: what is missing, and how long until there is enough. */
function NotEnough({ report: r }: { report: CostReport }) {
  const ready = new Date(r.lookback.to + r.confidence.hoursUntilRecommendation * 3_600_000)
  return (
    <section className="card cost-empty" aria-label="Not enough history" data-testid="cost-empty">
      <header>
        <h2>{r.confidence.hours === 0 ? 'No history yet' : 'Not enough history yet'}</h2>
      </header>
      <p>
        {r.confidence.hours === 0
          ? `There are no samples in the last ${r.lookback.days} days.`
          : `There are ${n2(r.confidence.hours)} hours of samples in the last ${r.lookback.days} days.`}{' '}
        A recommendation needs {MIN_CONFIDENT_HOURS} hours: about <strong data-testid="cost-hours-missing">{n2(r.confidence.hoursUntilRecommendation)} more hours</strong> of
        Gapwatch running, around {ready.toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}.
      </p>
      <p className="muted">
        Or analyse another machine's history now: <code>gapwatch history import FILE.csv</code> takes a CSV of <code>cpu.total</code>, <code>cpu.iowait</code> and{' '}
        <code>mem.used</code> (or <code>mem.used_pct</code>), then set its cores and memory in Settings → Cost.
      </p>
      {r.findings.length > 1 && (
        <ul className="cost-findings">
          {r.findings.slice(1).map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
