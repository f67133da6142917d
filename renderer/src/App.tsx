import { useEffect, useState } from 'react'
import type { GapwatchClient } from '../../shared/contract.ts'
import type { Sample } from '../../shared/sample.ts'
import type { WsClient } from './client/ws-client.ts'

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`
}

export function App({ client }: { client: GapwatchClient; ws: WsClient | null }) {
  const [sample, setSample] = useState<Sample | null>(null)
  useEffect(() => client.on('sample', setSample), [client])
  return (
    <main>
      <h1>Gapwatch</h1>
      {sample ? (
        <section className="cards">
          <div className="card" data-testid="cpu">
            <h2>CPU</h2>
            <p className="value">{sample.cpu.total.toFixed(1)} %</p>
          </div>
          <div className="card" data-testid="memory">
            <h2>Memory</h2>
            <p className="value">
              {formatBytes(sample.memory.usedBytes)} / {formatBytes(sample.memory.totalBytes)}
            </p>
          </div>
        </section>
      ) : (
        <p>Waiting for the first sample…</p>
      )}
    </main>
  )
}
