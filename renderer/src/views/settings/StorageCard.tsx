// Where the data lives and how big it is, refreshed every 10 s.
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { useCommand } from '../../client/queries.ts'
import { formatBytes, formatDuration } from '../../../../shared/format.ts'

export function StorageCard({ client }: { client: GapwatchClient }) {
  const query = useCommand(client, 'health', undefined, { refetchInterval: 10_000 })
  const health = query.data ?? null
  const error = query.error?.message ?? null
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
