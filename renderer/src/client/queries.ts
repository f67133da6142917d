// Request state for the views (loading, error, refetch) through TanStack Query: one cache keyed by
// command and parameters, refreshed when the engine says the data changed (a scan job finished, an
// import, a reconnect) instead of version counters in each view.
import { useEffect } from 'react'
import { QueryClient, queryOptions, useQuery, type QueryKey, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query'
import type { CommandName, CommandParams, CommandResult } from '../../../shared/contract.ts'
import type { PoolStore } from '../store/pool.ts'
import type { DashboardClient } from './index.ts'
import { RETRY } from './retry.ts'
import type { GapwatchClient } from '../../../shared/contract.ts'

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      ...RETRY,
      refetchOnWindowFocus: false,
      staleTime: 2000,
    },
  },
})

export function commandKey<K extends CommandName>(name: K, params?: CommandParams<K>): QueryKey {
  return params === undefined ? [name] : [name, params]
}

type Options<K extends CommandName, T> = Omit<UseQueryOptions<CommandResult<K>, Error, T>, 'queryKey' | 'queryFn'>

/** One engine command as a query: cached per parameters, with its loading and error state. */
export function useCommand<K extends CommandName, T = CommandResult<K>>(client: GapwatchClient, name: K, params?: CommandParams<K>, options?: Options<K, T>): UseQueryResult<T, Error> {
  return useQuery({ queryKey: commandKey(name, params), queryFn: () => client.call(name, params), ...options })
}

/** What a finished scan, an import or a reconnect makes stale. */
const SCAN_DATA: CommandName[] = ['watchlist', 'zones', 'candles']

export function invalidateScanData(): void {
  for (const name of SCAN_DATA) void queryClient.invalidateQueries({ queryKey: [name] })
}

/** What an `alert` event (or an alert command) makes stale. */
const ALERT_DATA: CommandName[] = ['alertsActive', 'alertsLog', 'alertsSilences', 'alertsDeliveries']

export function invalidateAlertData(): void {
  for (const name of ALERT_DATA) void queryClient.invalidateQueries({ queryKey: [name] })
}

/**
 * Keeps the cache in step with the engine: scan data is refetched when jobs finish (debounced, and
 * when the pool goes idle with more jobs done than before, for hosts that do not forward poolJob),
 * everything after a reconnect.
 */
export function useEngineInvalidation(client: DashboardClient, pool: PoolStore): void {
  // Observed for the whole page, so a reconnect refetches them whichever view is open.
  usePoolQueries(client, pool)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const bump = () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(invalidateScanData, 400)
    }
    const offJob = client.on('poolJob', (j) => j.state === 'done' && bump())
    // Alerts change state in bursts (a group of rules at once): one refetch per burst.
    let alertTimer: ReturnType<typeof setTimeout> | null = null
    const offAlert = client.on('alert', () => {
      if (alertTimer) clearTimeout(alertTimer)
      alertTimer = setTimeout(invalidateAlertData, 150)
    })
    let done = pool.state.get().status?.stats.done ?? -1
    const offStatus = pool.state.subscribe(() => {
      const s = pool.state.get().status?.stats
      if (!s || s.queued + s.running > 0 || s.done === done) return
      done = s.done
      bump()
    })
    // Saved settings change what the engine computes from them (the cost analysis reads its pricing).
    const offSettings = client.on('settings', () => void queryClient.invalidateQueries({ queryKey: ['cost'] }))
    const offState = client.onState((state, downSince) => {
      if (state === 'open' && downSince !== null) void queryClient.invalidateQueries()
    })
    return () => {
      offJob()
      offAlert()
      if (alertTimer) clearTimeout(alertTimer)
      offStatus()
      offSettings()
      offState()
      if (timer) clearTimeout(timer)
    }
  }, [client, pool])
}

/**
 * The pool's snapshot (poolStatus) and recorded history (poolHistory) as queries: their answers
 * feed the pool store, which events keep current; refetched after a reconnect or a scan request.
 */
export function poolStatusQuery(client: GapwatchClient, pool: PoolStore) {
  return queryOptions({
    queryKey: commandKey('poolStatus'),
    queryFn: async () => {
      const status = await client.call('poolStatus')
      pool.ingest(status, { chart: false })
      return status
    },
    staleTime: Infinity,
  })
}

export function poolHistoryQuery(client: GapwatchClient, pool: PoolStore) {
  return queryOptions({
    queryKey: commandKey('poolHistory'),
    queryFn: async () => {
      const points = await client.call('poolHistory')
      pool.seed(points)
      return points
    },
    staleTime: Infinity,
  })
}

/** The pool status query (its loading and error state for the Scanner view); history comes along. */
export function usePoolQueries(client: GapwatchClient, pool: PoolStore): UseQueryResult<CommandResult<'poolStatus'>, Error> {
  useQuery(poolHistoryQuery(client, pool))
  return useQuery(poolStatusQuery(client, pool))
}

/** After a scan is queued or cancelled: the snapshot at once, not at the next poolStats. */
export function invalidatePoolStatus(): void {
  void queryClient.invalidateQueries({ queryKey: commandKey('poolStatus') })
}
