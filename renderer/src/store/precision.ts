// Each symbol's price precision, derived from its own quotes (shared/format.ts priceDecimals): the
// last 64 candles of each watchlist symbol, through the query cache (refetched with the other scan
// data), so every column (last close, zones, distances, the live feed) prints EURUSD with 5
// decimals and XAUUSD with 2.
import { useMemo } from 'react'
import { useQueries } from '@tanstack/react-query'
import type { GapwatchClient } from '../../../shared/contract.ts'
import type { CandlesResult } from '../../../shared/scanner.ts'
import { priceDecimals } from '../../../shared/format.ts'
import { commandKey } from '../client/queries.ts'

export type Precisions = ReadonlyMap<string, number | null>

const SAMPLE = 64

export function decimalsOf(c: CandlesResult): number | null {
  return priceDecimals([...c.open, ...c.high, ...c.low, ...c.close])
}

export function usePrecisions(client: GapwatchClient, items: ReadonlyArray<{ symbol: string; timeframe: string }> | null): Precisions {
  const results = useQueries({
    queries: (items ?? []).map((i) => {
      const params = { symbol: i.symbol, timeframe: i.timeframe, limit: SAMPLE }
      return { queryKey: commandKey('candles', params), queryFn: () => client.call('candles', params), select: decimalsOf, staleTime: 60_000 }
    }),
  })
  const values = results.map((r) => r.data ?? null)
  const key = values.join(',')
  return useMemo(
    () => new Map((items ?? []).map((i, k) => [i.symbol, values[k]] as const)),
    // values are identified by `key`
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [items, key],
  )
}
