// The scaling experiment: the same scan with 1, 2, … workers (the `bench` command), its progress
// (benchProgress events), and speedup against worker count next to the ideal line.
import { useMemo, useRef, useState } from 'react'
import { format } from 'date-fns'
import { Chart } from 'react-chartjs-2'
import type { Chart as ChartJS, ChartOptions } from 'chart.js'
import { formatCount, formatDuration, formatPercent, formatSi } from '../../../../shared/format.ts'
import type { BenchResult } from '../../../../shared/scanner.ts'
import { Legend, type LegendItem } from '../../charts/Legend.tsx'
import { usePalette, withAlpha } from '../../charts/theme.ts'
import type { PoolStore } from '../../store/pool.ts'
import { useSignal } from '../../store/signal.ts'

export function ScalingExperiment({ pool }: { pool: PoolStore }) {
  const bench = useSignal(pool.bench)
  const [symbols, setSymbols] = useState(8)
  const [candles, setCandles] = useState(100_000)
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
          void pool.runBench({ symbols, candles })
        }}
      >
        <label>
          Symbols <input type="number" min={1} max={100} value={symbols} onChange={(e) => setSymbols(Number(e.target.value))} />
        </label>
        <label>
          Candles per symbol <input type="number" min={1000} max={5_000_000} step={1000} value={candles} onChange={(e) => setCandles(Number(e.target.value))} />
        </label>
        <button type="submit" className="primary" disabled={bench.running} data-testid="run-bench">
          {bench.running ? 'Running…' : 'Run scaling experiment'}
        </button>
        {bench.running && (
          <span className="bench-progress" role="status">
            {bench.progress ? (
              <>
                {bench.progress.workers} worker{bench.progress.workers === 1 ? '' : 's'}:{' '}
                <progress max={bench.progress.total} value={bench.progress.done} aria-label="Scaling experiment progress" /> {bench.progress.done}/{bench.progress.total}
              </>
            ) : (
              'starting…'
            )}
            {bench.startedAt !== null && <span className="muted"> · started at {format(bench.startedAt, 'HH:mm:ss')}</span>}
          </span>
        )}
        {bench.error && (
          <span className="error" role="alert">
            {bench.error}
          </span>
        )}
      </form>
      {bench.result ? <BenchResultView result={bench.result} /> : !bench.running && <p className="muted">Not run yet in this session.</p>}
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
        x: { type: 'linear', min: 1, max, title: { display: true, text: 'workers', color: p.muted }, ticks: { stepSize: 1, color: p.muted }, grid: { color: p.grid } },
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
