// The scaling experiment: the same scan with 1, 2, … workers (the `bench` command, a mutation whose
// state outlives this view: the last run's result shows again when the Scanner reopens), its
// progress (benchProgress events, in the pool store), and speedup against worker count next to the
// ideal line.
import { useMemo, useRef, useState } from 'react'
import { useMutation, useMutationState, type MutationState } from '@tanstack/react-query'
import { format } from 'date-fns'
import { Chart } from 'react-chartjs-2'
import type { Chart as ChartJS, ChartOptions } from 'chart.js'
import type { CommandParams, GapwatchClient } from '../../../../shared/contract.ts'
import { formatCount, formatDuration, formatPercent, formatSi } from '../../../../shared/format.ts'
import type { BenchResult } from '../../../../shared/scanner.ts'
import { Legend, type LegendItem } from '../../charts/Legend.tsx'
import { usePalette, withAlpha } from '../../charts/theme.ts'
import type { PoolStore } from '../../store/pool.ts'
import { useSignal } from '../../store/signal.ts'

const BENCH_KEY = ['bench']

export function ScalingExperiment({ client, pool }: { client: GapwatchClient; pool: PoolStore }) {
  const progress = useSignal(pool.benchProgress)
  const runs = useMutationState({ filters: { mutationKey: BENCH_KEY }, select: (m) => m.state as MutationState<BenchResult, Error, CommandParams<'bench'>> })
  const bench = runs.at(-1)
  // The form shows what the last run asked for (its result is below).
  const [symbols, setSymbols] = useState(bench?.variables?.symbols ?? 8)
  const [candles, setCandles] = useState(bench?.variables?.candles ?? 100_000)
  const run = useMutation({
    mutationKey: BENCH_KEY,
    mutationFn: (params: CommandParams<'bench'>) => {
      pool.benchProgress.set(null)
      return client.call('bench', params)
    },
    // Kept for the session, so the result is still there after a visit to another view.
    gcTime: Infinity,
  })
  const running = bench?.status === 'pending'
  return (
    <section className="card wide" aria-labelledby="bench-h" data-testid="bench">
      <header>
        <h2 id="bench-h">Scaling experiment</h2>
        <span className="sub">the same scan with 1, 2, … workers: does the pool scale?</span>
      </header>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          run.mutate({ symbols, candles })
        }}
      >
        <label>
          Symbols <input type="number" min={1} max={100} value={symbols} onChange={(e) => setSymbols(Number(e.target.value))} />
        </label>
        <label>
          Candles per symbol <input type="number" min={1000} max={5_000_000} step={1000} value={candles} onChange={(e) => setCandles(Number(e.target.value))} />
        </label>
        <button type="submit" className="primary" disabled={running} data-testid="run-bench">
          {running ? 'Running…' : 'Run scaling experiment'}
        </button>
        {running && (
          <span className="bench-progress" role="status">
            {progress ? (
              <>
                {progress.workers} worker{progress.workers === 1 ? '' : 's'}:{' '}
                <progress max={progress.total} value={progress.done} aria-label="Scaling experiment progress" /> {progress.done}/{progress.total}
              </>
            ) : (
              'starting…'
            )}
            {bench.submittedAt > 0 && <span className="muted"> · started at {format(bench.submittedAt, 'HH:mm:ss')}</span>}
          </span>
        )}
        {bench?.error && (
          <span className="error" role="alert">
            {bench.error.message}
          </span>
        )}
      </form>
      {bench?.data ? <BenchResultView result={bench.data} /> : !running && <p className="muted">Not run yet in this session.</p>}
    </section>
  )
}

function BenchResultView({ result }: { result: BenchResult }) {
  const p = usePalette()
  const max = Math.max(...result.rows.map((r) => r.workers), 1)
  const data = useMemo(
    () => ({
      datasets: [
        {
          label: 'measured speedup',
          data: result.rows.map((r) => ({ x: r.workers, y: r.speedup })),
          borderColor: p.series[0],
          backgroundColor: p.series[0],
          pointRadius: 4,
        },
        {
          label: 'ideal (linear)',
          data: [
            { x: 1, y: 1 },
            { x: max, y: max },
          ],
          borderColor: p.muted,
          backgroundColor: withAlpha(p.muted, 0.3),
          borderDash: [6, 4],
          pointRadius: 0,
        },
      ],
    }),
    [result, p, max],
  )
  const ref = useRef<ChartJS<'line', Array<{ x: number; y: number }>> | null>(null)
  const legend = useMemo<LegendItem[]>(
    () => [
      { label: 'measured', color: p.series[0] },
      { label: 'ideal (linear)', color: p.muted, dashed: true },
    ],
    [p],
  )
  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      parsing: false,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        // whole workers from 1 (no worker count below one)
        x: { type: 'linear', min: 1, max, title: { display: true, text: 'workers', color: p.muted }, ticks: { stepSize: 1, precision: 0, color: p.muted }, grid: { color: p.grid } },
        y: { type: 'linear', min: 0, suggestedMax: max, title: { display: true, text: 'speedup ×', color: p.muted }, ticks: { color: p.muted }, grid: { color: p.grid } },
      },
    }),
    [p, max],
  )
  return (
    <div className="bench-result">
      <figure className="chart">
        <figcaption>
          Speedup against worker count
          <Legend items={legend} chartRef={ref} />
        </figcaption>
        <div className="chart-canvas" style={{ height: 220 }} data-testid="chart-speedup">
          <Chart type="line" ref={ref} data={data} options={options} role="img" aria-label="Speedup against worker count" />
        </div>
      </figure>
      <table className="table">
        <caption>
          {result.symbols} symbols × {formatCount(result.candles)} candles
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Workers
            </th>
            <th scope="col" className="num">
              Wall time
            </th>
            <th scope="col" className="num">
              Candles/s
            </th>
            <th scope="col" className="num">
              Speedup
            </th>
            <th scope="col" className="num">
              Efficiency
            </th>
            <th scope="col" className="num">
              Balance
            </th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.workers}>
              <td className="num">{r.workers}</td>
              <td className="num">{formatDuration(r.wallMs)}</td>
              <td className="num">{formatSi(r.candlesPerSec)}</td>
              <td className="num">{r.speedup.toFixed(2)}×</td>
              <td className="num">{formatPercent(r.efficiency * 100, 0)}</td>
              <td className="num">{r.balance.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
