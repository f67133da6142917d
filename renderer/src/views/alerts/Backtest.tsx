// "Would this rule have fired?": the rule replayed by the engine's own evaluator (rulesBacktest) over
// the last 24 h and 7 d of stored history, the count for each, and those moments shaded on the
// metric's chart (charts/shade-ranges.ts) with the list of firings beside it.
import { useEffect, useMemo, useState } from 'react'
import { Chart } from 'react-chartjs-2'
import type { ChartData, ChartOptions } from 'chart.js'
import { isMetricRule, type BacktestResult, type Firing, type Rule } from '../../../../shared/alerts.ts'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { formatUnit, metricLabel, unitOfMetric } from '../../../../shared/format.ts'
import { timeAxis, fastLineOptions, valueAxis } from '../../charts/axes.ts'
import { axisMaxOf } from '../../../../shared/metrics.ts'
import { shadeRanges, type ShadeRange } from '../../charts/shade-ranges.ts'
import { usePalette, withAlpha } from '../../charts/theme.ts'
import { useCommand } from '../../client/queries.ts'
import type { Point } from '../../store/live.ts'
import { Signal } from '../../store/signal.ts'
import { absolute } from './data.ts'

export const BACKTEST_RANGES = [
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
] as const
type RangeId = (typeof BACKTEST_RANGES)[number]['id']
/** Buckets the backtest chart asks for (the replay itself runs at full resolution in the engine). */
const CHART_POINTS = 720

/** What the backtest chart shades (read by the e2e tests through test-hooks.ts). */
export interface BacktestShaded {
  rule: string
  range: RangeId
  ranges: ShadeRange[]
}
export const backtestShaded = new Signal<BacktestShaded | null>(null)

interface Run {
  rule: Rule
  /** The end of both windows; each starts on a whole minute so buckets fall on sample times. */
  to: number
  results: Record<RangeId, BacktestResult>
}

function rangesOf(firings: readonly Firing[]): ShadeRange[] {
  return firings.map((f) => ({ start: Date.parse(f.start), end: f.end === null ? null : Date.parse(f.end) }))
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`
}

export function Backtest({ client, rule }: { client: GapwatchClient; rule: Rule | null }) {
  const [run, setRun] = useState<Run | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [range, setRange] = useState<RangeId>('24h')
  const stale = run !== null && rule !== null && JSON.stringify(run.rule) !== JSON.stringify(rule)

  const start = async () => {
    if (!rule) return
    setBusy(true)
    setError(null)
    const to = Date.now()
    const minute = Math.floor(to / 60_000) * 60_000
    try {
      const [d1, d7] = await Promise.all(BACKTEST_RANGES.map((r) => client.call('rulesBacktest', { rule, from: minute - r.ms, to })))
      setRun({ rule, to, results: { '24h': d1, '7d': d7 } })
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (rule !== null && !isMetricRule(rule)) {
    return (
      <section className="backtest" aria-label="Backtest" data-testid="backtest">
        <p className="muted">FVG rules fire on the scanner&apos;s live events; there is no stored series to replay them over.</p>
      </section>
    )
  }

  return (
    <section className="backtest" aria-label="Backtest" data-testid="backtest">
      <div className="toolbar">
        <button type="button" onClick={() => void start()} disabled={!rule || busy} data-testid="run-backtest" title={rule ? undefined : 'Fix the rule first'}>
          {busy ? 'Replaying history…' : 'Backtest'}
        </button>
        {run && (
          <span className={stale ? 'muted' : undefined} data-testid="backtest-summary">
            Would have fired <strong>{times(run.results['24h'].firings.length)}</strong> in the last 24 h and{' '}
            <strong>{times(run.results['7d'].firings.length)}</strong> in the last 7 d
            {stale && ' (before your last edit: run it again)'}
          </span>
        )}
        {!run && !busy && <span className="muted">Replays the rule over stored history with the engine's evaluator.</span>}
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
        {run && (
          <div className="segmented push-right" role="group" aria-label="Backtest range">
            {BACKTEST_RANGES.map((r) => (
              <button key={r.id} type="button" aria-pressed={range === r.id} onClick={() => setRange(r.id)} data-testid={`backtest-range-${r.id}`}>
                {r.label}
              </button>
            ))}
          </div>
        )}
      </div>
      {run && <BacktestChart client={client} run={run} range={range} />}
    </section>
  )
}

function BacktestChart({ client, run, range }: { client: GapwatchClient; run: Run; range: RangeId }) {
  const p = usePalette()
  const ms = BACKTEST_RANGES.find((r) => r.id === range)!.ms
  const from = Math.floor(run.to / 60_000) * 60_000 - ms
  const result = run.results[range]
  const metric = isMetricRule(run.rule) ? run.rule.metric : ''
  const whole = useCommand(client, 'query', { metrics: [metric], from, to: run.to, points: CHART_POINTS })
  const ranges = useMemo(() => rangesOf(result.firings), [result])
  const unit = unitOfMetric(metric)
  // History shorter than the range (a new install, an imported trace) is drawn from where it starts,
  // at the resolution of that shorter span, not as a sliver at the right edge of an empty week.
  const first = whole.data?.series[0]?.buckets[0]?.[0]
  const start = first !== undefined && first > from ? Math.max(from, Math.floor((first - (run.to - first) * 0.04) / 1000) * 1000) : from
  const zoomed = useCommand(client, 'query', { metrics: [metric], from: start, to: run.to, points: CHART_POINTS }, { enabled: start > from })
  const q = start > from ? zoomed : whole
  const threshold = run.rule.kind === 'threshold' ? run.rule.threshold : null

  useEffect(() => {
    backtestShaded.set({ rule: run.rule.name, range, ranges })
  }, [run, range, ranges])

  const data = useMemo<ChartData<'line', Point[]>>(() => {
    const c = p.series[0]
    const buckets = q.data?.series[0]?.buckets ?? []
    return {
      datasets: [
        { label: 'max', data: buckets.map((b) => ({ x: b[0], y: b[2] })), borderColor: withAlpha(c, 0.4), backgroundColor: withAlpha(c, 0.15), borderWidth: 0.75, fill: '+1', pointRadius: 0 },
        { label: 'min', data: buckets.map((b) => ({ x: b[0], y: b[1] })), borderColor: withAlpha(c, 0.4), borderWidth: 0.75, fill: false, pointRadius: 0 },
        { label: 'avg', data: buckets.map((b) => ({ x: b[0], y: b[3] })), borderColor: c, borderWidth: 1.5, fill: false, pointRadius: 0 },
        ...(threshold === null
          ? []
          : [{ label: 'threshold', data: [{ x: start, y: threshold }, { x: run.to, y: threshold }], borderColor: p.danger, borderDash: [5, 4], borderWidth: 1, fill: false, pointRadius: 0 }]),
      ],
    }
  }, [q.data, p, threshold, start, run.to])

  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      ...fastLineOptions,
      scales: {
        x: { ...timeAxis(p), min: start, max: run.to },
        y: valueAxis(p, unit, axisMaxOf(metric)), // the registry's axis top (100 % for a share of all cores)
      },
      plugins: {
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${formatUnit(unit, ctx.parsed.y)}` } },
        shadeRanges: { ranges, fill: withAlpha(p.danger, 0.18), stroke: withAlpha(p.danger, 0.7) },
      },
    }),
    [p, start, run.to, unit, metric, ranges],
  )

  const buckets = q.data?.series[0]?.buckets.length ?? 0
  return (
    <div className="backtest-body">
      <figure className="chart" data-testid="backtest-chart">
        <figcaption>
          {metricLabel(metric)} over the last {range === '24h' ? '24 h' : '7 d'}
          {start > from && <span className="muted"> (history starts {absolute(zoomed.data?.series[0]?.buckets[0]?.[0] ?? first ?? start, run.to)})</span>}
          <span className="legend-swatch firing-swatch" /> <span className="muted">would have fired</span>
          {threshold !== null && (
            <>
              <span className="swatch dashed" style={{ borderColor: p.danger }} /> <span className="muted">threshold {formatUnit(unit, threshold)}</span>
            </>
          )}
          <span className="muted push-right">
            replayed at {result.tier} resolution ({result.points} points)
          </span>
        </figcaption>
        <div className="chart-canvas" style={{ height: 200 }}>
          <Chart type="line" data={data} options={options} plugins={[shadeRanges]} updateMode="none" role="img" aria-label={`${metricLabel(metric)} with backtest firings`} />
          {q.data && buckets === 0 && <div className="chart-empty">No stored history of {metric} in this range</div>}
        </div>
      </figure>
      <div className="firings">
        <h3>Firings ({result.firings.length})</h3>
        {result.firings.length === 0 ? (
          <p className="muted">None: quiet over this range.</p>
        ) : (
          <ol className="firing-list" data-testid="firing-list">
            {result.firings.slice(0, 50).map((f) => (
              <li key={f.start} data-start={f.start} data-end={f.end ?? ''}>
                <span className="mono">{absolute(Date.parse(f.start), run.to)}</span> →{' '}
                <span className="mono">{f.end === null ? 'still firing' : absolute(Date.parse(f.end), run.to)}</span>
                <span className="muted"> · peak {formatUnit(unit, f.peak)}</span>
              </li>
            ))}
            {result.firings.length > 50 && <li className="muted">… and {result.firings.length - 50} more</li>}
          </ol>
        )}
      </div>
    </div>
  )
}
