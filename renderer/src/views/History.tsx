// History: a range picker over the stored tiers (presets, custom, drag-to-zoom on any chart), each
// metric drawn as an average line inside its min–max band. A preset range follows "now" (it
// re-queries as new buckets fill) until the user zooms or steps back; the tier that answered shows.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { format } from 'date-fns'
import type { GapwatchClient, QueryResult, Tier } from '../../../shared/contract.ts'
import { formatDuration, metricLabel } from '../../../shared/format.ts'
import { BandChart, setBands, type BandChartJS } from '../charts/BandChart.tsx'
import { useCommand } from '../client/queries.ts'
import type { LiveStore } from '../store/live.ts'
import { Signal } from '../store/signal.ts'

/** The last History redraw: range, tier and ms from the range click to the frame after drawing. */
export interface HistoryDrawn {
  seq: number
  range: string
  tier: Tier
  ms: number
  points: number
}
export const historyDrawn = new Signal<HistoryDrawn | null>(null)

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const PRESETS = [
  { id: '15m', label: '15 min', span: 15 * MINUTE },
  { id: '1h', label: '1 h', span: HOUR },
  { id: '24h', label: '24 h', span: DAY },
  { id: '7d', label: '7 d', span: 7 * DAY },
  { id: '30d', label: '30 d', span: 30 * DAY },
] as const
type PresetId = (typeof PRESETS)[number]['id']

type Range = { kind: 'preset'; id: PresetId } | { kind: 'fixed'; from: number; to: number; why: 'custom' | 'zoom' | 'scroll' }

const DEFAULT_METRICS = ['cpu.total', 'mem.used', 'disk.read_bps', 'disk.write_bps', 'net.rx_bps', 'net.tx_bps']
const MAX_METRICS = 12
const POINTS = 1000

interface Answer {
  tier: Tier
  bucketMs: number
  points: number
  from: number
  to: number
  /** Set when the range asked for starts before the first stored sample: drawn from here. */
  dataStart: number | null
  empty: Set<string>
}

/** The earliest bucket of any series, or null when the result holds none. */
export function firstBucketTime(result: QueryResult): number | null {
  let first: number | null = null
  for (const s of result.series) if (s.buckets.length > 0 && (first === null || s.buckets[0][0] < first)) first = s.buckets[0][0]
  return first
}

function spanOf(id: PresetId): number {
  return PRESETS.find((p) => p.id === id)!.span
}

function bounds(range: Range): { from: number; to: number } {
  if (range.kind === 'fixed') return { from: range.from, to: range.to }
  const to = Date.now()
  return { from: to - spanOf(range.id), to }
}

function rangeName(range: Range): string {
  return range.kind === 'preset' ? range.id : range.why
}

export function History({ client, store }: { client: GapwatchClient; store: LiveStore }) {
  const [range, setRange] = useState<Range>({ kind: 'preset', id: '1h' })
  const [lastPreset, setLastPreset] = useState<PresetId>('1h')
  const [metrics, setMetrics] = useState<string[]>(DEFAULT_METRICS)
  const names = useCommand(client, 'metricNames')
  const available = names.data ?? (names.isError ? [] : null)
  const [answer, setAnswer] = useState<Answer | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const charts = useRef(new Map<string, BandChartJS>())
  const last = useRef<{ result: QueryResult; from: number; to: number } | null>(null)
  /** performance.now() of the click that asked for the current range (for historyDrawn). */
  const clickedAt = useRef(0)
  const seq = useRef(0)
  /** Where the stored data of the selected metrics begins, once a range reached before it. */
  const dataStart = useRef<number | null>(null)
  useEffect(() => {
    dataStart.current = null
  }, [metrics])


  const gapMs = useCallback((bucketMs: number) => Math.max(3 * bucketMs, 3 * store.intervalMs, 5000), [store])

  const draw = useCallback(
    (metric: string, chart: BandChartJS) => {
      const l = last.current
      if (!l) return
      const s = l.result.series.find((x) => x.metric === metric)
      setBands(chart, s?.buckets ?? [], l.result.bucketMs, gapMs(l.result.bucketMs), l.from, l.to)
    },
    [gapMs],
  )

  const onChart = useCallback(
    (metric: string, chart: BandChartJS | null) => {
      if (chart) {
        charts.current.set(metric, chart)
        draw(metric, chart)
      } else charts.current.delete(metric)
    },
    [draw],
  )

  /** Queries a range and draws it into the charts; React state is set by the caller's callback. */
  const fetchAndDraw = useCallback(
    async (r: Range, quiet: boolean): Promise<Answer | null> => {
      const id = ++seq.current
      const asked = bounds(r)
      const to = asked.to
      // A range that starts before the first sample is drawn from the first sample, at the
      // resolution of that shorter span (a new install's 7 d is a few minutes of raw samples,
      // not one 10-minute bucket in an empty box).
      const known = dataStart.current
      let from = known !== null && known > asked.from && known < to ? known : asked.from
      let result = await client.call('query', { metrics, from, to, points: POINTS })
      const first = firstBucketTime(result)
      if (first !== null && first - from > result.bucketMs && first < to) {
        dataStart.current = first
        from = first
        result = await client.call('query', { metrics, from, to, points: POINTS })
      }
      if (id !== seq.current) return null
      last.current = { result, from, to }
      for (const [metric, chart] of charts.current) draw(metric, chart)
      const points = result.series.reduce((n, s) => Math.max(n, s.buckets.length), 0)
      const empty = new Set(metrics.filter((m) => !result.series.some((s) => s.metric === m && s.buckets.length > 0)))
      if (!quiet) {
        const started = clickedAt.current
        requestAnimationFrame(() => {
          historyDrawn.set({ seq: id, range: rangeName(r), tier: result.tier, ms: performance.now() - started, points })
        })
      }
      return { tier: result.tier, bucketMs: result.bucketMs, points, from, to, dataStart: from > asked.from ? from : null, empty }
    },
    [client, metrics, draw],
  )

  const load = useCallback(
    (r: Range, quiet: boolean) =>
      fetchAndDraw(r, quiet).then(
        (a) => {
          if (!a) return
          setAnswer(a)
          setError(null)
          setLoading(false)
        },
        (err: unknown) => {
          setError((err as Error).message)
          setLoading(false)
        },
      ),
    [fetchAndDraw],
  )

  useEffect(() => {
    void load(range, false)
  }, [range, load])

  // A preset follows now: re-query as buckets fill (at least every 2 s, at most every minute).
  const bucketMs = answer?.bucketMs
  useEffect(() => {
    if (range.kind !== 'preset' || bucketMs === undefined) return
    const every = Math.min(Math.max(bucketMs, 2000), 60_000)
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load(range, true)
    }, every)
    return () => clearInterval(timer)
  }, [range, bucketMs, load])

  /** `at` is the event's timeStamp (performance.now() time base). */
  const pick = (r: Range, at: number) => {
    clickedAt.current = at
    if (r.kind === 'preset') setLastPreset(r.id)
    setLoading(true)
    setRange(r)
  }

  const onZoom = useCallback((from: number, to: number, at: number) => {
    if (!(to > from)) return
    clickedAt.current = at
    setLoading(true)
    setRange({ kind: 'fixed', from, to, why: 'zoom' })
  }, [])

  const step = (dir: -1 | 1, at: number) => {
    if (!answer) return
    const { from, to } = answer
    const shift = ((to - from) / 2) * dir
    const now = performance.timeOrigin + at
    if (dir > 0 && to + shift >= now) return pick({ kind: 'preset', id: lastPreset }, at)
    pick({ kind: 'fixed', from: from + shift, to: to + shift, why: 'scroll' }, at)
  }

  const following = range.kind === 'preset'
  return (
    <div className="history">
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
      <p className="history-status" aria-live="polite">
        {answer ? (
          <>
            {answer.dataStart !== null && (
              <strong className="data-start" data-testid="history-data-start">
                Data starts at {format(answer.dataStart, 'yyyy-MM-dd HH:mm:ss')} (first stored sample); drawn from there ·{' '}
              </strong>
            )}
            {format(answer.from, 'yyyy-MM-dd HH:mm')} → {format(answer.to, 'yyyy-MM-dd HH:mm')} · tier{' '}
            <strong className="tier" data-testid="history-tier">
              {answer.tier}
            </strong>{' '}
            · buckets of {formatDuration(answer.bucketMs)} · {answer.points} points
          </>
        ) : (
          'Loading history…'
        )}
        {loading && answer && <span className="muted"> · loading…</span>}
        {error && (
          <span className="error" role="alert">
            {' '}
            Query failed: {error}
          </span>
        )}
        <span className="hint muted"> Drag across a chart to zoom in; Ctrl + wheel zooms too.</span>
      </p>
      <MetricPicker available={available} selected={metrics} onChange={setMetrics} />
      <div className="grid history-grid">
        {metrics.map((m, i) => (
          <BandChart
            key={m}
            metric={m}
            color={i}
            onChart={onChart}
            onZoom={onZoom}
            empty={!answer ? 'Loading…' : answer.empty.has(m) ? 'No data in this range' : null}
          />
        ))}
      </div>
    </div>
  )
}

function toLocalInput(t: number): string {
  return format(t, "yyyy-MM-dd'T'HH:mm")
}

function CustomRange({ onApply, active }: { onApply: (from: number, to: number, at: number) => void; active: boolean }) {
  const [open, setOpen] = useState(false)
  const [from, setFrom] = useState(() => toLocalInput(Date.now() - 2 * HOUR))
  const [to, setTo] = useState(() => toLocalInput(Date.now()))
  const [err, setErr] = useState<string | null>(null)
  const apply = (e: FormEvent) => {
    e.preventDefault()
    const f = new Date(from).getTime()
    const t = new Date(to).getTime()
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setErr('Both times are needed.')
    if (t <= f) return setErr('"To" must be after "From".')
    setErr(null)
    setOpen(false)
    onApply(f, t, e.timeStamp)
  }
  return (
    <div className="custom-range">
      <button type="button" aria-pressed={active} aria-expanded={open} onClick={() => setOpen(!open)} data-testid="range-custom">
        Custom…
      </button>
      {open && (
        <form className="popover" onSubmit={apply} aria-label="Custom range">
          <label>
            From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          {err && (
            <p className="error" role="alert">
              {err}
            </p>
          )}
          <button type="submit" className="primary">
            Show
          </button>
        </form>
      )}
    </div>
  )
}

function MetricPicker({ available, selected, onChange }: { available: string[] | null; selected: string[]; onChange: (m: string[]) => void }) {
  const groups = useMemo(() => {
    const out = new Map<string, string[]>()
    for (const m of available ?? []) {
      const g = m.startsWith('group.') ? 'process groups' : m.split('.')[0]
      out.set(g, [...(out.get(g) ?? []), m])
    }
    return [...out.entries()]
  }, [available])
  const toggle = (m: string, on: boolean) => {
    if (on && selected.length >= MAX_METRICS) return
    onChange(on ? [...selected, m] : selected.filter((x) => x !== m))
  }
  return (
    <details className="metric-picker">
      <summary>
        Metrics ({selected.length} of {available?.length ?? '…'})
      </summary>
      {available === null ? (
        <p className="muted">Loading metric names…</p>
      ) : available.length === 0 ? (
        <p className="muted">Nothing stored yet.</p>
      ) : (
        <div className="metric-groups">
          {groups.map(([g, names]) => (
            <fieldset key={g}>
              <legend>{g}</legend>
              {names.map((m) => (
                <label key={m}>
                  <input type="checkbox" checked={selected.includes(m)} onChange={(e) => toggle(m, e.target.checked)} /> {metricLabel(m)}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      )}
      {selected.length >= MAX_METRICS && <p className="muted">At most {MAX_METRICS} charts at once.</p>}
    </details>
  )
}
