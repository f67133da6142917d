// Symbols: the watchlist with each symbol's open FVGs; for the selected symbol and timeframe, a
// candlestick chart with the zones drawn as boxes (mitigated ones faded) and its open zones sorted by
// distance from the last price; CSV import by drag-and-drop or a file picker; a live replay feeding
// the FVG event list. Requests go through TanStack Query (client/queries.ts).
import { useEffect, useMemo, useRef, useState } from 'react'
import { keepPreviousData } from '@tanstack/react-query'
import { format } from 'date-fns'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { formatCount, formatPrice, priceDecimals } from '../../../shared/format.ts'
import type { WatchlistItem } from '../../../shared/scanner.ts'
import { ImportCsv } from '../components/ImportCsv.tsx'
import { FvgFeed } from './symbols/FvgFeed.tsx'
import { invalidateScanData, useCommand } from '../client/queries.ts'
import { usePrecisions, type Precisions } from '../store/precision.ts'
import { CandleChart, type Detail } from './symbols/CandleChart.tsx'
import { OpenZones, distanceTo } from './symbols/OpenZones.tsx'
import { symbolFromHash, symbolHref } from './symbols/link.ts'

const CANDLE_LIMITS = [150, 300, 600, 1200] as const

function timeframesOf(item: WatchlistItem): string[] {
  const set = new Set([item.timeframe, ...item.scans.map((s) => s.timeframe)])
  return [...set]
}

export function Symbols({ client }: { client: GapwatchClient }) {
  // A link from another view (`#symbols?symbol=EURUSD`, a finished scan job) opens that symbol.
  const [linked] = useState(() => symbolFromHash(location.hash))
  const [selected, setSelectedState] = useState<string | null>(linked)
  useEffect(() => {
    const onHash = () => {
      const s = symbolFromHash(location.hash)
      if (s) setSelectedState(s)
    }
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  const setSelected = (symbol: string) => {
    setSelectedState(symbol)
    // the address names the open symbol, so a reload keeps it
    history.replaceState(null, '', symbolHref(symbol))
  }
  const [timeframe, setTimeframe] = useState<string | null>(null)
  // Refetched when scans finish, a file is imported or the connection comes back (client/queries.ts).
  const watchlist = useCommand(client, 'watchlist')
  const items = watchlist.data ?? null
  const error = watchlist.error?.message ?? null

  const precisions = usePrecisions(client, items)
  const current = items?.find((i) => i.symbol === selected) ?? items?.[0] ?? null
  const tf = current && timeframe && timeframesOf(current).includes(timeframe) ? timeframe : (current?.timeframe ?? null)

  return (
    <div className="symbols">
      <div className="grid symbols-top">
        <section className="card" aria-labelledby="wl-h">
          <header>
            <h2 id="wl-h">Watchlist</h2>
            {items && <span className="sub">{items.length} symbols</span>}
          </header>
          {error ? (
            <p className="error" role="alert">
              Could not load the watchlist: {error}
            </p>
          ) : !items ? (
            <p className="muted">Loading the watchlist…</p>
          ) : items.length === 0 ? (
            <p className="muted">The watchlist is empty: import a CSV file or add symbols in Settings.</p>
          ) : (
            <WatchlistTable items={items} precisions={precisions} current={current?.symbol ?? null} onSelect={(s) => setSelected(s)} />
          )}
        </section>
        <div className="stack">
          <ImportCsv
            client={client}
            onImported={(symbol) => {
              invalidateScanData()
              setSelected(symbol)
            }}
          />
          <FvgFeed client={client} items={items} precisions={precisions} selected={current?.symbol ?? null} />
        </div>
      </div>
      {current && tf && (
        <SymbolDetail
          key={`${current.symbol}|${tf}`}
          client={client}
          item={current}
          timeframe={tf}
          onTimeframe={setTimeframe}
          scrollTo={linked !== null && linked === current.symbol}
        />
      )}
    </div>
  )
}

function WatchlistTable({
  items,
  precisions,
  current,
  onSelect,
}: {
  items: WatchlistItem[]
  precisions: Precisions
  current: string | null
  onSelect: (s: string) => void
}) {
  return (
    <div className="table-scroll">
      <table className="table selectable" data-testid="watchlist">
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">Timeframe</th>
            <th scope="col" className="num">
              Candles
            </th>
            <th scope="col" className="num">
              Last close
            </th>
            <th scope="col" className="num">
              Open FVGs
            </th>
            <th scope="col">Scanned</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const scan = item.scans.find((s) => s.timeframe === item.timeframe) ?? item.scans[0]
            const isCurrent = item.symbol === current
            return (
              <tr key={item.symbol} aria-selected={isCurrent} className={isCurrent ? 'current' : ''} data-testid={`wl-${item.symbol}`}>
                <td>
                  <button type="button" className="link" onClick={() => onSelect(item.symbol)} aria-current={isCurrent ? 'true' : undefined} title={item.name}>
                    {item.symbol}
                  </button>
                  {item.source === 'generated' && (
                    <span className="badge" title="Demo data from the seeded generator">
                      demo
                    </span>
                  )}
                  {item.tz && (
                    <span className="badge" title={`Its file's times are read in ${item.tz} (broker time), remembered for its rescans`} data-testid={`wl-tz-${item.symbol}`}>
                      {item.tz}
                    </span>
                  )}
                </td>
                <td>{item.scans.length > 1 ? item.scans.map((s) => s.timeframe).join(', ') : item.timeframe}</td>
                <td className="num">{scan ? formatCount(scan.candles) : '—'}</td>
                <td className="num">{scan ? formatPrice(scan.lastClose, precisions.get(item.symbol)) : '—'}</td>
                <td className="num">{scan ? formatCount(scan.openFvgs) : <span className="muted">not scanned</span>}</td>
                <td className="muted">{scan ? format(scan.scannedAt, 'MMM d HH:mm') : '—'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

interface DetailProps {
  client: GapwatchClient
  item: WatchlistItem
  timeframe: string
  onTimeframe: (tf: string) => void
  /** Opened by a link: bring the chart into view. */
  scrollTo: boolean
}

function SymbolDetail({ client, item, timeframe, onTimeframe, scrollTo }: DetailProps) {
  const [limit, setLimit] = useState<number>(300)
  const section = useRef<HTMLElement>(null)
  useEffect(() => {
    if (scrollTo) section.current?.scrollIntoView({ block: 'start' })
  }, [scrollTo])
  const scan = item.scans.find((s) => s.timeframe === timeframe) ?? null
  const visibleFrom = Math.max(0, (scan?.candles ?? 0) - limit)
  // The previous chart stays while the next window loads (a longer candle limit, a rescan).
  const candles = useCommand(client, 'candles', { symbol: item.symbol, timeframe, limit }, { placeholderData: keepPreviousData })
  // The zones the chart window can show (formed in it, still open, or mitigated in it); every open
  // zone comes too, for the distance list.
  const zones = useCommand(client, 'zones', { symbol: item.symbol, timeframe, visibleFrom, limit: 100_000 }, { placeholderData: keepPreviousData })
  const loading = candles.isFetching || zones.isFetching
  const detail = useMemo<Detail | null>(() => (candles.data && zones.data ? { candles: candles.data, zones: zones.data } : null), [candles.data, zones.data])
  const error = candles.error?.message ?? zones.error?.message ?? null

  const decimals = useMemo(() => (detail ? priceDecimals([...detail.candles.open, ...detail.candles.high, ...detail.candles.low, ...detail.candles.close]) : null), [detail])
  const lastPrice = useMemo(() => {
    const close = detail?.candles.close
    if (close) for (let i = close.length - 1; i >= 0; i--) if (close[i] !== null) return close[i]
    return scan?.lastClose ?? null
  }, [detail, scan])

  const open = useMemo(() => {
    if (!detail || lastPrice === null) return []
    return detail.zones
      .filter((z) => z.mitigatedIndex === null)
      .map((z) => ({ z, d: distanceTo(z, lastPrice) }))
      .sort((a, b) => a.d - b.d || b.z.index - a.z.index)
  }, [detail, lastPrice])

  const tfs = timeframesOf(item)
  return (
    <section className="card wide" aria-labelledby="sym-h" data-testid="symbol-detail" ref={section}>
      <header>
        <h2 id="sym-h">
          {item.symbol} <span className="muted">{item.name}</span>
        </h2>
        <label>
          Timeframe{' '}
          <select value={timeframe} onChange={(e) => onTimeframe(e.target.value)}>
            {tfs.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Candles{' '}
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {CANDLE_LIMITS.map((n) => (
              <option key={n} value={n}>
                last {n}
              </option>
            ))}
          </select>
        </label>
        {scan && (
          <span className="sub">
            {formatCount(scan.fvgs)} FVGs, {formatCount(scan.openFvgs)} open · last price {formatPrice(lastPrice, decimals)}
          </span>
        )}
        {loading && <span className="muted">loading…</span>}
      </header>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : !detail ? (
        <div className="chart-canvas placeholder" style={{ height: 360 }}>
          <div className="chart-empty">Loading candles…</div>
        </div>
      ) : (
        <>
          <CandleChart detail={detail} />
          {!scan && <p className="muted">Not scanned at this timeframe yet: zones appear after a scan.</p>}
          <OpenZones open={open} lastPrice={lastPrice} decimals={decimals} />
        </>
      )}
    </section>
  )
}
