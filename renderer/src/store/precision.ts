// Each symbol's price precision, derived from its own quotes (shared/format.ts priceDecimals): the
// last 64 candles of each watchlist symbol are asked for once per watchlist load, so every column
// (last close, zones, distances, the live feed) prints EURUSD with 5 decimals and XAUUSD with 2.
import { useEffect, useState } from 'react'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { priceDecimals } from '../../../shared/format.ts'

export type Precisions = ReadonlyMap<string, number | null>

const SAMPLE = 64

export async function loadPrecision(client: GapwatchClient, symbol: string, timeframe: string): Promise<number | null> {
  const c = await client.call('candles', { symbol, timeframe, limit: SAMPLE })
  return priceDecimals([...c.open, ...c.high, ...c.low, ...c.close])
}

/** Precisions of the given symbols; `version` reloads them (a re-imported file may quote differently). */
export function usePrecisions(client: GapwatchClient, items: ReadonlyArray<{ symbol: string; timeframe: string }> | null, version: number): Precisions {
  const [map, setMap] = useState<Precisions>(new Map())
  const key = items?.map((i) => `${i.symbol}|${i.timeframe}`).join(',') ?? ''
  useEffect(() => {
    if (!items || items.length === 0) return
    let live = true
    void Promise.all(
      items.map((i) =>
        loadPrecision(client, i.symbol, i.timeframe).then(
          (d) => [i.symbol, d] as const,
          () => [i.symbol, null] as const,
        ),
      ),
    ).then((pairs) => live && setMap(new Map(pairs)))
    return () => {
      live = false
    }
    // items are identified by `key`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, version])
  return map
}
