// The report's table sections: alerts, scanner, process groups, cost and the engine's own cost. Each
// says in words when its part of the period is empty.
import { GROUP_MEMORY_MEASURES, type Report } from '../../../shared/report.ts'
import { formatBytes, formatCount, formatDuration, formatPercent } from '../../../shared/format.ts'
import { utc } from './format.ts'

interface Props {
  r: Report
  title: string
}

export function AlertsSection({ r, title }: Props) {
  const { firings, byRule } = r.alerts
  return (
    <section data-section="alerts">
      <h2>{title}</h2>
      {firings.length === 0 ? (
        <p className="empty">No alert fired in this period.</p>
      ) : (
        <>
          <h3>Time in alert per rule</h3>
          <table>
            <thead>
              <tr><th>Rule</th><th>Severity</th><th className="num">Firings</th><th className="num">Time in alert</th></tr>
            </thead>
            <tbody>
              {byRule.map((b) => (
                <tr key={b.rule}><td>{b.rule}</td><td className={`sev sev-${b.severity}`}>{b.severity}</td><td className="num">{b.firings}</td><td className="num">{formatDuration(b.timeInAlertMs)}</td></tr>
              ))}
            </tbody>
          </table>
          <h3>Every firing</h3>
          <table>
            <thead>
              <tr><th>Rule</th><th>Severity</th><th>Start</th><th>End</th><th className="num">Peak</th></tr>
            </thead>
            <tbody>
              {firings.map((f) => (
                <tr key={`${f.rule}-${f.start}`}><td>{f.rule}</td><td className={`sev sev-${f.severity}`}>{f.severity}</td><td>{utc(f.start)}</td><td>{f.end === null ? 'still firing' : utc(f.end)}</td><td className="num">{f.peak === null ? '—' : String(f.peak)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

export function ScannerSection({ r, title }: Props) {
  const s = r.scanner
  return (
    <section data-section="scanner">
      <h2>{title}</h2>
      {s.runs === 0 && s.symbols.length === 0 ? (
        <p className="empty">No FVG scan ran in this period.</p>
      ) : (
        <>
          <dl className="figures">
            <div className="figure"><dt>Scan runs</dt><dd>{s.runs}</dd></div>
            <div className="figure"><dt>Jobs done / failed / cancelled</dt><dd>{s.jobs.done} / {s.jobs.failed} / {s.jobs.cancelled}</dd></div>
            <div className="figure"><dt>Candles scanned</dt><dd>{formatCount(s.candles)}</dd></div>
            <div className="figure"><dt>FVGs found</dt><dd>{formatCount(s.fvgs)}</dd></div>
            <div className="figure"><dt>Throughput</dt><dd>{s.candlesPerSecond === null ? '—' : `${formatCount(s.candlesPerSecond)} candles/s`}</dd></div>
            <div className="figure">
              <dt>Worker balance</dt>
              <dd>
                {s.balance.workers ?? '—'} workers
                <small>jobs {formatDuration(s.balance.jobMs.min)} – {formatDuration(s.balance.jobMs.max)} (median {formatDuration(s.balance.jobMs.median)})</small>
              </dd>
            </div>
          </dl>
          <h3>Per symbol (last scan in the period)</h3>
          {s.symbols.length === 0 ? (
            <p className="empty">No symbol scan finished in this period.</p>
          ) : (
            <table>
              <thead>
                <tr><th>Symbol</th><th>Timeframe</th><th className="num">Candles</th><th className="num">FVGs</th><th className="num">Mitigated</th><th className="num">Open</th><th>Scanned</th></tr>
              </thead>
              <tbody>
                {s.symbols.map((x) => (
                  <tr key={`${x.symbol}-${x.timeframe}`}><td>{x.symbol}</td><td>{x.timeframe}</td><td className="num">{formatCount(x.candles)}</td><td className="num">{formatCount(x.fvgs)}</td><td className="num">{formatCount(x.mitigated)}</td><td className="num">{formatCount(x.open)}</td><td>{utc(x.scannedAt)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  )
}

export function ProcessesSection({ r, title }: Props) {
  const p = r.processes
  // One measure per ranking (shared/report.ts GROUP_MEMORY_MEASURES): PSS where the period has it, with
  // the summed RSS beside it; RSS alone where the period was recorded before group PSS was.
  const pss = p.memory.rankedBy === 'pss'
  const measure = GROUP_MEMORY_MEASURES[p.memory.rankedBy].label
  const table = (rows: typeof p.byCpu, caption: string) => (
    <>
      <h3>{caption}</h3>
      <table>
        <thead>
          <tr>
            <th>Group</th><th className="num">CPU avg</th><th className="num">CPU max</th>
            <th className="num">{measure} avg</th><th className="num">{measure} max</th>{pss && <th className="num">RSS avg</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => {
            const m = pss ? g.pssBytes : g.rssBytes
            return (
              <tr key={g.name}>
                <td>{g.name}</td><td className="num">{formatPercent(g.cpu.avg)}</td><td className="num">{formatPercent(g.cpu.max)}</td>
                <td className="num">{formatBytes(m.avg)}</td><td className="num">{formatBytes(m.max)}</td>{pss && <td className="num">{formatBytes(g.rssBytes.avg)}</td>}
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
  return (
    <section data-section="processes">
      <h2>{title}</h2>
      <p className="muted">{p.note} CPU is a share of one core (200 % = two cores).</p>
      {p.byCpu.length === 0 ? <p className="empty">No process group recorded data in this period.</p> : (
        <>
          <p className="muted" data-testid="report-group-memory-note">{p.memory.note}</p>
          {table(p.byCpu, 'Top groups by CPU')}
          {table(p.byMemory, `Top groups by ${measure}`)}
        </>
      )}
    </section>
  )
}

export function CostSection({ r, title }: Props) {
  const c = r.cost
  const money = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)} ${c?.currency ?? ''}`)
  return (
    <section data-section="cost">
      <h2>{title}</h2>
      {c === null ? (
        <p className="empty">No cost analysis for this period (set the pricing in Settings → Cost; it needs a few hours of history).</p>
      ) : (
        <>
          <table>
            <thead>
              <tr><th></th><th className="num">Cores</th><th className="num">Memory</th><th className="num">Per month</th><th>Instance</th></tr>
            </thead>
            <tbody>
              <tr><td>Current</td><td className="num">{c.current.cores}</td><td className="num">{c.current.memoryGb} GB</td><td className="num">{money(c.current.monthlyCost)}</td><td>{c.current.instance ?? '—'}</td></tr>
              <tr><td>Recommended</td><td className="num">{c.recommended?.cores ?? '—'}</td><td className="num">{c.recommended ? `${c.recommended.memoryGb} GB` : '—'}</td><td className="num">{money(c.recommended?.monthlyCost)}</td><td>{c.recommended?.instance ?? '—'}</td></tr>
            </tbody>
          </table>
          <dl className="figures">
            <div className="figure"><dt>Verdict</dt><dd>{c.verdict.replace(/-/g, ' ')}</dd></div>
            <div className="figure"><dt>Savings</dt><dd>{c.savings ? `${money(c.savings.monthly)}/month` : '—'}{c.savings && <small>{money(c.savings.yearly)}/year · {formatPercent(c.savings.percent)}</small>}</dd></div>
            <div className="figure"><dt>Cost per trade</dt><dd>{money(c.perTrade.current)}<small>recommended {money(c.perTrade.recommended)}</small></dd></div>
            <div className="figure"><dt>Confidence</dt><dd>{c.confidence.level}<small>{c.confidence.hours.toFixed(1)} h of history</small></dd></div>
          </dl>
          <ul className="findings">
            {c.findings.map((f) => <li key={f}>{f}</li>)}
          </ul>
        </>
      )}
    </section>
  )
}

export function EngineSection({ r, title }: Props) {
  const e = r.engine
  return (
    <section data-section="engine">
      <h2>{title}</h2>
      <p className="muted">What the monitor itself cost over the period: its process tree (engine and scan workers) and its database on disk.</p>
      <table>
        <thead>
          <tr><th></th><th className="num">Average</th><th className="num">Peak</th></tr>
        </thead>
        <tbody>
          <tr><td>CPU (share of one core)</td><td className="num">{formatPercent(e.cpu.avg)}</td><td className="num">{formatPercent(e.cpu.max)}</td></tr>
          <tr><td>Memory (RSS)</td><td className="num">{formatBytes(e.rssBytes.avg)}</td><td className="num">{formatBytes(e.rssBytes.max)}</td></tr>
          <tr><td>Database size</td><td className="num" colSpan={2}>{formatBytes(e.databaseBytes)}</td></tr>
        </tbody>
      </table>
    </section>
  )
}
