// The distribution of cores in use, one bar per bin of minutes, with the percentiles and the
// recommended cores marked: how much of the time the machine needs what.
import type { CostReport } from '../../../../shared/cost.ts'

const W = 640
const H = 220
const PAD = { l: 44, r: 12, t: 48, b: 30 }
const ROW = 13
const CHAR_W = 6.6

const nice = (v: number) => String(Number(v.toFixed(2)))

export function Histogram({ report }: { report: CostReport }) {
  const { counts, binWidth } = report.histogram
  const u = report.utilisation.cpuCores
  const rec = report.recommended?.cores ?? null
  const top = Math.max(counts.length * binWidth, u.max, rec ?? 0) * 1.04
  const most = Math.max(1, ...counts)
  const x = (cores: number) => PAD.l + (cores / top) * (W - PAD.l - PAD.r)
  const y = (n: number) => H - PAD.b - (n / most) * (H - PAD.t - PAD.b)
  const step = top / 6
  const tick = [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(step))).find((t) => t >= step)!
  const ticks = Array.from({ length: Math.floor(top / tick) + 1 }, (_, i) => i * tick)
  const markers = [
    { label: 'p50', v: u.p50, cls: 'p50' },
    { label: 'p95', v: u.p95, cls: 'p95' },
    { label: 'p99.5', v: u.p995, cls: 'p995' },
    { label: 'peak', v: u.max, cls: 'peak' },
    ...(rec !== null ? [{ label: `recommended ${rec}`, v: rec, cls: 'rec' }] : []),
  ]
  // Labels in up to three rows above the plot: each goes to the first row where it clears the last one.
  const rowsEnd: number[] = []
  const placed = markers
    .map((m) => ({ ...m, px: x(m.v) }))
    .sort((a, b) => a.px - b.px)
    .map((m) => {
      const w = m.label.length * CHAR_W
      const anchor: 'start' | 'middle' | 'end' = m.px > W - PAD.r - w / 2 ? 'end' : m.px < PAD.l + w / 2 ? 'start' : 'middle'
      const left = anchor === 'end' ? m.px - w : anchor === 'middle' ? m.px - w / 2 : m.px
      let row = rowsEnd.findIndex((end) => end + 4 <= left)
      if (row === -1) row = rowsEnd.length < 3 ? rowsEnd.length : rowsEnd.indexOf(Math.min(...rowsEnd))
      rowsEnd[row] = left + w
      return { ...m, anchor, row }
    })
  const minutes = counts.reduce((a, b) => a + b, 0)
  return (
    <figure className="chart cost-histogram" data-testid="cost-histogram">
      <figcaption>
        Cores in use, minute by minute ({minutes.toLocaleString('en-US')} minutes; {report.current.cores} cores installed)
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Histogram of cores in use: p50 ${nice(u.p50)}, p95 ${nice(u.p95)}, p99.5 ${nice(u.p995)}, peak ${nice(u.max)} cores`}>
        {ticks.map((t) => (
          <g key={t}>
            <line className="grid-line" x1={x(t)} x2={x(t)} y1={PAD.t} y2={H - PAD.b} />
            <text className="axis" x={x(t)} y={H - PAD.b + 16} textAnchor="middle">
              {nice(t)}
            </text>
          </g>
        ))}
        <text className="axis" x={W - PAD.r} y={H - 2} textAnchor="end">
          cores
        </text>
        <text className="axis" x={PAD.l - 6} y={PAD.t + 4} textAnchor="end">
          {most.toLocaleString('en-US')}
        </text>
        <text className="axis" x={PAD.l - 6} y={H - PAD.b} textAnchor="end">
          0
        </text>
        {counts.map((n, i) =>
          n === 0 ? null : <rect key={i} className="bar" x={x(i * binWidth) + 0.5} width={Math.max(1, x(binWidth) - x(0) - 1)} y={y(n)} height={H - PAD.b - y(n)} />,
        )}
        {placed.map((m) => (
          <g key={m.label} className={`marker ${m.cls}`} data-testid={`marker-${m.cls}`}>
            <line x1={m.px} x2={m.px} y1={12 + m.row * ROW + 3} y2={H - PAD.b} />
            <text x={m.px} y={12 + m.row * ROW} textAnchor={m.anchor}>
              {m.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  )
}
