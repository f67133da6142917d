// The live replay control: pick a symbol and a speed, start; the engine streams that symbol's
// candles through the live detector and says when the replay is over (`replayEnded`: out of
// candles, stopped, or replaced), so the control shows how it ended and offers to replay again.
// Start and stop are mutations (their pending and error state from TanStack Query).
import { useEffect, useRef, useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import type { CommandResult, GapwatchClient } from '../../../../shared/contract.ts'
import { formatCount } from '../../../../shared/format.ts'
import type { ReplayEnded, WatchlistItem } from '../../../../shared/scanner.ts'

/** Candles per second. */
const SPEEDS = [10, 50, 200, 1000] as const

type Running = CommandResult<'replayStart'> & { speed: number }

interface Props {
  client: GapwatchClient
  items: WatchlistItem[] | null
  selected: string | null
  onStart: () => void
}

export function ReplayControl({ client, items, selected, onStart }: Props) {
  const [symbol, setSymbol] = useState<string | null>(null)
  const [speed, setSpeed] = useState<number>(50)
  const [running, setRunning] = useState<Running | null>(null)
  const [ended, setEnded] = useState<ReplayEnded | null>(null)
  // An end can reach us before the start's answer (a short series at a high speed).
  const endedIds = useRef(new Map<number, ReplayEnded>())
  const runningId = useRef<number | null>(null)
  const chosen = symbol ?? selected ?? items?.[0]?.symbol ?? ''
  const show = (r: Running | null, e: ReplayEnded | null) => {
    runningId.current = r?.replayId ?? null
    setRunning(r)
    setEnded(e)
  }

  useEffect(
    () =>
      client.on('replayEnded', (e) => {
        endedIds.current.set(e.replayId, e)
        if (runningId.current === e.replayId) show(null, e)
      }),
    [client],
  )
  // A replay is the engine's, not this view's: leaving the page stops the one it started.
  useEffect(() => () => void client.call('replayStop').catch(() => undefined), [client])

  const start = useMutation({
    mutationFn: () => client.call('replayStart', { symbol: chosen, timeframe: items?.find((i) => i.symbol === chosen)?.timeframe, speed }),
    onSuccess: (s) => {
      onStart()
      const over = endedIds.current.get(s.replayId) ?? null
      show(over ? null : { ...s, speed }, over)
    },
  })
  const stop = useMutation({
    mutationFn: () => client.call('replayStop'),
    // The engine's replayEnded says how it ended; a replay that ended meanwhile stops nothing.
    onSettled: () => {
      runningId.current = null
      setRunning(null)
    },
  })
  const busy = start.isPending || stop.isPending
  const error = start.error?.message ?? stop.error?.message ?? null
  const again = !running && ended !== null && ended.symbol === chosen

  return (
    <form
      className="replay"
      aria-label="Live replay"
      onSubmit={(e) => {
        e.preventDefault()
        if (running) stop.mutate()
        else start.mutate()
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
        {running ? '■ Stop' : again ? '↻ Replay again' : '▶ Start'}
      </button>
      {running && (
        <span className="muted" data-testid="replay-status">
          replaying {running.symbol} {running.timeframe} ({formatCount(running.total)} candles) at {running.speed} candles/s
        </span>
      )}
      {!running && ended && <EndedNote ended={ended} />}
      {error && (
        <span className="error" role="alert">
          Replay failed: {error}
        </span>
      )}
    </form>
  )
}

function EndedNote({ ended }: { ended: ReplayEnded }) {
  const what = `${ended.symbol} ${ended.timeframe}`
  return (
    <span className="muted" role="status" data-testid="replay-ended" data-reason={ended.reason} data-replay-id={ended.replayId}>
      {ended.reason === 'end'
        ? `Replay of ${what} ended: all ${formatCount(ended.total)} candles fed.`
        : `Replay of ${what} ${ended.reason === 'stopped' ? 'stopped' : 'replaced'} after ${formatCount(ended.position)} of ${formatCount(ended.total)} candles.`}
    </span>
  )
}
