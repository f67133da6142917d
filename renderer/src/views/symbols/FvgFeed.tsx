// Live FVG events (created / merged / mitigated) as the engine reports them, newest first, fed by a
// live replay: pick a symbol and a speed, start, and the engine streams that symbol's candles
// through the streaming detector (replayStart / replayStop), emitting an `fvg` event per zone.
import { useEffect, useRef, useState } from 'react'
import { format } from 'date-fns'
import type { GapwatchClient } from '../../../../shared/contract.ts'
import { formatCount, formatPrice } from '../../../../shared/format.ts'
import type { WatchlistItem } from '../../../../shared/scanner.ts'
import type { Precisions } from '../../store/precision.ts'
import { ReplayControl } from './ReplayControl.tsx'
import { eventTime, newestFirst, type FeedEvent } from './feed-order.ts'

const KEEP = 12

interface Props {
  client: GapwatchClient
  items: WatchlistItem[] | null
  precisions: Precisions
  /** The symbol open below: the replay's default. */
  selected: string | null
}

export function FvgFeed({ client, items, precisions, selected }: Props) {
  const [events, setEvents] = useState<FeedEvent[]>([])
  const [count, setCount] = useState(0)
  const seq = useRef(0)
  useEffect(
    () =>
      client.on('fvg', (e) => {
        const received = { ...e, at: Date.now(), seq: ++seq.current }
        setEvents((list) => newestFirst([...list, received]).slice(0, KEEP))
        setCount((n) => n + 1)
      }),
    [client],
  )
  return (
    <section className="card" aria-labelledby="feed-h" data-testid="fvg-feed">
      <header>
        <h2 id="feed-h">Live FVG events</h2>
        {count > 0 && <span className="sub">{formatCount(count)} received</span>}
      </header>
      <ReplayControl client={client} items={items} selected={selected} onStart={() => setCount(0)} />
      {events.length === 0 ? (
        <p className="muted">None yet: start a replay, and gaps appear here as the detector confirms, merges and mitigates them.</p>
      ) : (
        <ul className="feed" aria-live="polite" data-testid="fvg-events">
          {events.map((e) => {
            const d = precisions.get(e.symbol)
            return (
              // The event's own market time leads (in a replay every event arrives within seconds):
              // the candle that confirmed, merged or mitigated the zone, not when the zone formed,
              // so the list reads in market order.
              <li key={e.seq} title={`received ${format(e.at, 'HH:mm:ss')}; zone formed ${format(e.zone.time, 'yyyy-MM-dd HH:mm')}`} data-time={eventTime(e)}>
                <span className="muted">{format(eventTime(e), 'MMM d HH:mm')}</span> <strong>{e.symbol}</strong> {e.timeframe}{' '}
                <span className={e.zone.direction === 1 ? 'up' : 'down'}>{e.zone.direction === 1 ? '▲ bullish' : '▼ bearish'}</span> {e.type}{' '}
                <span className="num">
                  {formatPrice(e.zone.bottom, d)}–{formatPrice(e.zone.top, d)}
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
