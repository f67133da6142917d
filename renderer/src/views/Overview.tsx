// The live view: CPU with a per-core strip, memory and swap, GPUs (or a clear "No NVIDIA GPU found"),
// disk and network rates, the top processes with the trading groups on top, and file systems.
import { useState } from 'react'
import { format } from 'date-fns'
import { formatBytes, formatCount, formatPercent, formatRate } from '../../../shared/format.ts'
import { busiestInterface, filesystemUsedPct, type Processes } from '../../../shared/sample.ts'
import { metricName, unitOfFamily } from '../../../shared/metrics.ts'
import { LiveChart, type LiveSeries } from '../charts/LiveChart.tsx'
import { CoreStrip } from '../components/CoreStrip.tsx'
import { GpuCard } from '../components/GpuCard.tsx'
import { Readout } from '../components/Readout.tsx'
import type { LiveStore } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'

const CPU: LiveSeries[] = [
  { metric: metricName('cpu.total'), label: 'total', color: 0, fill: true },
  { metric: metricName('cpu.{mode}', { mode: 'user' }), label: 'user', color: 1 },
  { metric: metricName('cpu.{mode}', { mode: 'system' }), label: 'system', color: 2 },
  { metric: metricName('cpu.{mode}', { mode: 'iowait' }), label: 'I/O wait', color: 3 },
]
const MEMORY: LiveSeries[] = [
  { metric: metricName('mem.used'), label: 'used', color: 0, fill: true },
  { metric: metricName('mem.cached'), label: 'cached', color: 4 },
  { metric: metricName('swap.used'), label: 'swap', color: 3 },
]
const DISK: LiveSeries[] = [
  { metric: metricName('disk.read_bps'), label: 'read', color: 1 },
  { metric: metricName('disk.write_bps'), label: 'write', color: 3 },
]
const NET: LiveSeries[] = [
  { metric: metricName('net.rx_bps'), label: 'received', color: 0 },
  { metric: metricName('net.tx_bps'), label: 'sent', color: 5 },
]

export function Overview({ store }: { store: LiveStore }) {
  const inventory = useSignal(store.inventory)
  return (
    <div className="overview">
      <p className="host-line" data-testid="host-line">
        {inventory ? (
          <>
            <strong>{inventory.hostname}</strong> · {inventory.os.distro} {inventory.os.release} · {inventory.cpu.model} ({inventory.cpu.logicalCores} threads) ·{' '}
            {formatBytes(inventory.memory.totalBytes)} RAM
          </>
        ) : (
          'Loading the host inventory…'
        )}
        <span className="last-sample">
          Last sample <Readout store={store} testId="last-sample" render={(s) => format(s.t, 'HH:mm:ss')} placeholder="waiting…" />
        </span>
      </p>
      <div className="grid">
        <section className="card" aria-labelledby="cpu-h">
          <header>
            <h2 id="cpu-h">CPU</h2>
            <Readout store={store} className="big" testId="cpu-value" render={(s) => formatPercent(s.cpu.total)} />
            <Readout store={store} className="sub" render={(s) => `load ${s.cpu.load.map((l) => l.toFixed(2)).join(' ')}`} />
          </header>
          <LiveChart store={store} series={CPU} unit={unitOfFamily('cpu.total')} yMax={100} title="CPU usage" testId="chart-cpu" />
          <CoreStrip store={store} />
        </section>
        <section className="card" aria-labelledby="mem-h">
          <header>
            <h2 id="mem-h">Memory</h2>
            <Readout
              store={store}
              className="big"
              testId="mem-value"
              render={(s) => `${formatBytes(s.memory.usedBytes)} / ${formatBytes(s.memory.totalBytes)}`}
            />
            <Readout
              store={store}
              className="sub"
              testId="swap-value"
              render={(s) => (s.memory.swapTotalBytes > 0 ? `swap ${formatBytes(s.memory.swapUsedBytes)} / ${formatBytes(s.memory.swapTotalBytes)}` : 'no swap')}
            />
          </header>
          <LiveChart store={store} series={MEMORY} unit={unitOfFamily('mem.used')} title="Memory usage" testId="chart-memory" />
        </section>
        <GpuCard store={store} />
        <section className="card" aria-labelledby="disk-h">
          <header>
            <h2 id="disk-h">Disk</h2>
            <Readout store={store} className="big" testId="disk-value" render={(s) => `↓ ${formatRate(s.disk.readBps)}  ↑ ${formatRate(s.disk.writeBps)}`} />
            <Readout store={store} className="sub" render={(s) => `${s.disk.readOps.toFixed(0)} / ${s.disk.writeOps.toFixed(0)} ops/s`} />
          </header>
          <LiveChart store={store} series={DISK} unit={unitOfFamily('disk.read_bps')} title="Disk throughput" testId="chart-disk" />
        </section>
        <section className="card" aria-labelledby="net-h">
          <header>
            <h2 id="net-h">Network</h2>
            <Readout store={store} className="big" testId="net-value" render={(s) => `↓ ${formatRate(s.network.rxBps)}  ↑ ${formatRate(s.network.txBps)}`} />
            <Readout
              store={store}
              className="sub"
              testId="net-busiest"
              render={(s) => {
                const top = busiestInterface(s.network.interfaces)
                return top ? `busiest: ${top.name}` : 'no interfaces'
              }}
            />
          </header>
          <LiveChart store={store} series={NET} unit={unitOfFamily('net.rx_bps')} title="Network throughput" testId="chart-network" />
        </section>
        <FilesystemsCard store={store} />
      </div>
      <ProcessesCard store={store} />
    </div>
  )
}

function FilesystemsCard({ store }: { store: LiveStore }) {
  const fs = useSignal(store.filesystems)
  return (
    <section className="card" aria-labelledby="fs-h">
      <header>
        <h2 id="fs-h">File systems</h2>
      </header>
      {!fs ? (
        <p className="muted">Collecting file system usage…</p>
      ) : fs.length === 0 ? (
        <p className="muted">No file systems reported.</p>
      ) : (
        <ul className="fs-list">
          {fs.slice(0, 6).map((f) => {
            const share = filesystemUsedPct(f)
            return (
              <li key={f.mount} title={`${f.device} (${f.type})`}>
                <span className="fs-mount">{f.mount}</span>
                <span className="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share)} aria-label={`${f.mount} used`}>
                  <span style={{ width: `${share}%` }} className={share > 90 ? 'danger' : share > 75 ? 'warn' : ''} />
                </span>
                <span className="num">
                  {formatBytes(f.usedBytes)} / {formatBytes(f.sizeBytes)}
                  {f.availableBytes !== undefined ? ` (${formatBytes(f.availableBytes)} free)` : ''}
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

function ProcessesCard({ store }: { store: LiveStore }) {
  const processes = useSignal(store.processes)
  const [by, setBy] = useState<'cpu' | 'memory'>('cpu')
  return (
    <section className="card wide" aria-labelledby="proc-h" data-testid="processes">
      <header>
        <h2 id="proc-h">Processes</h2>
        {processes && <span className="sub">{formatCount(processes.total)} running</span>}
        <div className="segmented" role="group" aria-label="Sort processes by">
          <button type="button" aria-pressed={by === 'cpu'} onClick={() => setBy('cpu')}>
            by CPU
          </button>
          <button type="button" aria-pressed={by === 'memory'} onClick={() => setBy('memory')}>
            by memory
          </button>
        </div>
      </header>
      {processes ? <ProcessTable processes={processes} by={by} /> : <p className="muted">Collecting the process list (every 5 s)…</p>}
    </section>
  )
}

function ProcessTable({ processes, by }: { processes: Processes; by: 'cpu' | 'memory' }) {
  const rows = by === 'cpu' ? processes.topCpu : processes.topMemory
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="num">
            PID / count
          </th>
          <th scope="col" className="num">
            CPU (of one core)
          </th>
          <th scope="col" className="num">
            Memory
          </th>
        </tr>
      </thead>
      <tbody>
        {processes.groups.map((g) => (
          <tr key={`g:${g.name}`} className="group-row" title={`pattern: ${g.pattern}`}>
            <td>
              <span className="badge">group</span> {g.name}
            </td>
            <td className="num">{g.count === 0 ? 'not running' : `${g.count} proc.`}</td>
            <td className="num">{formatPercent(g.cpu)}</td>
            {/* PSS: shared pages split among their sharers, so a forked pool's shared memory counts once. */}
            <td className="num" title={g.pssBytes === undefined ? 'RSS summed per process (this engine reports no PSS)' : `PSS (shared pages counted once); RSS summed per process ${formatBytes(g.rssBytes)}`}>
              {formatBytes(g.pssBytes ?? g.rssBytes)}
            </td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={4} className="muted">
              No processes reported.
            </td>
          </tr>
        )}
        {rows.slice(0, 12).map((p) => (
          <tr key={p.pid} title={p.command}>
            <td className="ellipsis">{p.name}</td>
            <td className="num">{p.pid}</td>
            <td className="num">{formatPercent(p.cpu)}</td>
            <td className="num">{formatBytes(p.rssBytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
