// Where the data lives and how big it is, refreshed every 10 s.
import { useEffect, useState } from 'react'
import type { GapwatchClient, Health } from '../../../../shared/contract.ts'
import { formatBytes, formatDuration } from '../../../../shared/format.ts'

export function StorageCard({ client }: { client: GapwatchClient }) {
  const [health, setHealth] = useState<Health | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    const load = () =>
      client.call('health').then(
        (h) => live && (setHealth(h), setError(null)),
        (e: unknown) => live && setError((e as Error).message),
      )
    void load()
    const timer = setInterval(load, 10_000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [client])
  return (
    <section className="card" aria-labelledby="storage-h">
      <header>
        <h2 id="storage-h">Data</h2>
      </header>
      {error ? (
        <p className="error">{error}</p>
      ) : !health ? (
        <p className="muted">Loading…</p>
      ) : (
        <dl className="facts">
          <dt>Data directory</dt>
          <dd className="mono" data-testid="data-dir">
            {health.dataDir}
          </dd>
          <dt>Database size</dt>
          <dd data-testid="db-size">{formatBytes(health.dbBytes)}</dd>
          <dt>Engine</dt>
          <dd>
            v{health.version}, up {formatDuration(health.uptimeS * 1000)}
          </dd>
        </dl>
      )}
    </section>
  )
}
