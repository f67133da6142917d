// Live FVG events (created / mitigated) as the engine reports them, newest first.
import { useEffect, useState } from 'react'
import { format } from 'date-fns'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { formatPrice } from '../../../shared/format.ts'
import type { FvgLiveEvent } from '../../../shared/scanner.ts'

const KEEP = 12

export function FvgFeed({ client }: { client: GapwatchClient }) {
  const [events, setEvents] = useState<Array<FvgLiveEvent & { at: number }>>([])
  useEffect(() => client.on('fvg', (e) => setEvents((list) => [{ ...e, at: Date.now() }, ...list].slice(0, KEEP))), [client])
  return (
    <section className="card" aria-labelledby="feed-h">
      <header>
        <h2 id="feed-h">Live FVG events</h2>
      </header>
      {events.length === 0 ? (
        <p className="muted">None yet: confirmed and mitigated gaps appear here as the engine reports them.</p>
      ) : (
        <ul className="feed" aria-live="polite">
          {events.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <span className="muted">{format(e.at, 'HH:mm:ss')}</span> <strong>{e.symbol}</strong> {e.timeframe}{' '}
              <span className={e.zone.direction === 1 ? 'up' : 'down'}>{e.zone.direction === 1 ? '▲ bullish' : '▼ bearish'}</span> {e.type}{' '}
              <span className="num">
                {formatPrice(e.zone.bottom)}–{formatPrice(e.zone.top)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
