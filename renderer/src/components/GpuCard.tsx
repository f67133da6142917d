// The GPU card: per GPU, utilisation, VRAM, temperature and power as live charts; without a usable
// NVIDIA GPU, why in plain words (the engine's reason: not installed, or the driver's own message).
import { useMemo } from 'react'
import { formatBytes, formatPercent } from '../../../shared/format.ts'
import type { Gpu } from '../../../shared/sample.ts'
import { LiveChart, type LiveSeries } from '../charts/LiveChart.tsx'
import type { LiveStore } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'
import { Readout } from './Readout.tsx'
import { metricName, unitOfFamily } from '../../../shared/metrics.ts'

const NOT_FOUND = 'No NVIDIA GPU found'

/** The heading and the explanation for a GPU-less machine, from the engine's reason. */
export function noGpuText(reason: string | null | undefined): { title: string; detail: string } {
  if (!reason) return { title: NOT_FOUND, detail: "nvidia-smi, the NVIDIA driver's tool, is not available on this machine." }
  if (reason.startsWith(`${NOT_FOUND}:`)) {
    return { title: NOT_FOUND, detail: reason.slice(NOT_FOUND.length + 1).trim() }
  }
  return { title: 'GPU metrics unavailable', detail: reason }
}

export function gpuLine(g: Gpu): string {
  const temp = g.temperatureC === null ? '—' : `${g.temperatureC.toFixed(0)} °C`
  const power = g.powerW === null ? '—' : `${g.powerW.toFixed(0)} W`
  return `${g.name}: ${formatPercent(g.utilization, 0)} · VRAM ${formatBytes(g.memoryUsedBytes)} / ${formatBytes(g.memoryTotalBytes)} · ${temp} · ${power}`
}

export function GpuCard({ store }: { store: LiveStore }) {
  const count = useSignal(store.gpuCount)
  const inventory = useSignal(store.inventory)
  const hasData = useSignal(store.hasData)
  if (count === 0) {
    const loading = !hasData && !inventory
    const text = noGpuText(inventory?.gpuReason)
    return (
      <section className="card no-gpu" aria-labelledby="gpu-h" data-testid="gpu-card">
        <header>
          <h2 id="gpu-h">GPU</h2>
        </header>
        {loading ? (
          <p className="muted">Looking for GPUs…</p>
        ) : (
          <div className="no-gpu-body">
            <p className="big">{text.title}</p>
            <p className="muted" data-testid="gpu-reason">
              {text.detail}
            </p>
            {inventory && inventory.gpus.length > 0 && (
              <p className="muted">Adapters without live metrics: {inventory.gpus.map((g) => `${g.vendor} ${g.model}`.trim()).join(', ')}</p>
            )}
          </div>
        )}
      </section>
    )
  }
  const gpus = store.latest?.gpus ?? []
  return (
    <section className="card gpu" aria-labelledby="gpu-h" data-testid="gpu-card">
      <header>
        <h2 id="gpu-h">GPU</h2>
        <Readout store={store} className="sub" testId="gpu-value" render={(s) => s.gpus.map(gpuLine).join('\n')} />
      </header>
      <GpuCharts store={store} indices={gpus.map((g) => g.index)} names={gpus.map((g) => g.name)} vramTotal={Math.max(0, ...gpus.map((g) => g.memoryTotalBytes ?? 0))} />
    </section>
  )
}

/** The series of one GPU quantity, one line per GPU (a workstation with two cards sees both). */
function seriesOf(indices: readonly number[], names: readonly string[], metricOf: (gpu: string) => string): LiveSeries[] {
  return indices.map((index, i) => ({ metric: metricOf(String(index)), label: indices.length > 1 ? `GPU ${index}` : (names[i] ?? `GPU ${index}`), color: i, fill: indices.length === 1 }))
}

function GpuCharts({ store, indices, names, vramTotal }: { store: LiveStore; indices: number[]; names: string[]; vramTotal: number }) {
  const key = indices.join(',')
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the series change only with the set of GPUs
  const util = useMemo(() => seriesOf(indices, names, (gpu) => metricName('gpu.{gpu}.util', { gpu })), [key])
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const mem = useMemo(() => seriesOf(indices, names, (gpu) => metricName('gpu.{gpu}.mem_used', { gpu })), [key])
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const temp = useMemo(() => seriesOf(indices, names, (gpu) => metricName('gpu.{gpu}.temp', { gpu })), [key])
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const power = useMemo(() => seriesOf(indices, names, (gpu) => metricName('gpu.{gpu}.power', { gpu })), [key])
  return (
    <div className="gpu-charts">
      <LiveChart store={store} series={util} unit={unitOfFamily('gpu.{gpu}.util')} yMax={100} height={100} title="Utilisation" testId="chart-gpu" />
      <LiveChart store={store} series={mem} unit={unitOfFamily('gpu.{gpu}.mem_used')} yMax={vramTotal > 0 ? vramTotal : undefined} height={100} title="VRAM used" testId="chart-gpu-memory" />
      <LiveChart store={store} series={temp} unit={unitOfFamily('gpu.{gpu}.temp')} height={100} title="Temperature" testId="chart-gpu-temperature" />
      <LiveChart store={store} series={power} unit={unitOfFamily('gpu.{gpu}.power')} height={100} title="Power" testId="chart-gpu-power" />
    </div>
  )
}
