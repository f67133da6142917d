// Live FVG events (created / merged / mitigated) as the engine reports them, newest first, fed by a
// live replay: pick a symbol and a speed, start, and the engine streams that symbol's candles
// through the streaming detector (replayStart / replayStop), emitting an `fvg` event per zone.
import { useEffect, useState } from 'react'
import { format } from 'date-fns'
import type { GapwatchClient } from '../../../shared/contract.ts'
import { formatCount, formatPrice } from '../../../shared/format.ts'
import type { FvgLiveEvent, WatchlistItem } from '../../../shared/scanner.ts'
import type { Precisions } from '../store/precision.ts'

const KEEP = 12
/** Candles per second. */
const SPEEDS = [10, 50, 200, 1000] as const

interface Running {
  symbol: string
  timeframe: string
  speed: number
  total: number
}

interface Props {
  client: GapwatchClient
  items: WatchlistItem[] | null
  precisions: Precisions
  /** The symbol open below: the replay's default. */
  selected: string | null
}

export function FvgFeed({ client, items, precisions, selected }: Props) {
  const [events, setEvents] = useState<Array<FvgLiveEvent & { at: number }>>([])
  const [count, setCount] = useState(0)
  useEffect(
    () =>
      client.on('fvg', (e) => {
        setEvents((list) => [{ ...e, at: Date.now() }, ...list].slice(0, KEEP))
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
          {events.map((e, i) => {
            const d = precisions.get(e.symbol)
            return (
              // The zone's own (market) time leads: in a replay every event arrives within seconds.
              <li key={`${e.at}-${i}`} title={`received ${format(e.at, 'HH:mm:ss')}; zone formed ${format(e.zone.time, 'yyyy-MM-dd HH:mm')}`}>
                <span className="muted">{format(e.zone.time, 'MMM d HH:mm')}</span> <strong>{e.symbol}</strong> {e.timeframe}{' '}
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

function ReplayControl({ client, items, selected, onStart }: { client: GapwatchClient; items: WatchlistItem[] | null; selected: string | null; onStart: () => void }) {
  const [symbol, setSymbol] = useState<string | null>(null)
  const [speed, setSpeed] = useState<number>(50)
  const [running, setRunning] = useState<Running | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const chosen = symbol ?? selected ?? items?.[0]?.symbol ?? ''

  // A replay is the engine's, not this view's: leaving the page stops the one it started.
  useEffect(() => () => void client.call('replayStop').catch(() => undefined), [client])
  // The engine sends no word when a replay reaches its end: it starts at the first candle and
  // feeds `speed` a second, so it is over after total / speed seconds.
  useEffect(() => {
    if (!running) return
    const timer = setTimeout(() => setRunning(null), (running.total / running.speed) * 1000 + 1000)
    return () => clearTimeout(timer)
  }, [running])

  const start = async () => {
    setBusy(true)
    setError(null)
    try {
      const item = items?.find((i) => i.symbol === chosen)
      const s = await client.call('replayStart', { symbol: chosen, timeframe: item?.timeframe, speed })
      onStart()
      setRunning({ symbol: s.symbol, timeframe: s.timeframe, speed, total: s.total })
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const stop = async () => {
    setBusy(true)
    try {
      await client.call('replayStop')
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setRunning(null)
      setBusy(false)
    }
  }
  return (
    <form
      className="replay"
      aria-label="Live replay"
      onSubmit={(e) => {
        e.preventDefault()
        void (running ? stop() : start())
      }}
    >
      <label>
        Replay{' '}
        <select value={chosen} onChange={(e) => setSymbol(e.target.value)} disabled={!items || items.length === 0 || running !== null} aria-label="Replay symbol">
          {(items ?? []).map((i) => (
            <option key={i.symbol} value={i.symbol}>
              {i.symbol} {i.timeframe}
            </option>
          ))}
        </select>
      </label>
      <label>
        at{' '}
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} disabled={running !== null} aria-label="Replay speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s} candles/s
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={running ? '' : 'primary'} disabled={busy || chosen === ''} data-testid="replay-toggle">
        {running ? '■ Stop' : '▶ Start'}
      </button>
      {running && (
        <span className="muted" data-testid="replay-status">
          replaying {running.symbol} {running.timeframe} ({formatCount(running.total)} candles) at {running.speed} candles/s
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          Replay failed: {error}
        </span>
      )}
    </form>
  )
}
