// One small bar per logical core, updated in place on each sample.
import { useEffect, useRef } from 'react'
import { formatPercent } from '../../../shared/format.ts'
import type { Sample } from '../../../shared/sample.ts'
import type { LiveStore } from '../store/live.ts'
import { useSignal } from '../store/signal.ts'

export function CoreStrip({ store }: { store: LiveStore }) {
  const count = useSignal(store.coreCount)
  const bars = useRef<Array<HTMLDivElement | null>>([])
  useEffect(() => {
    const write = (s: Sample) => {
      s.cpu.cores.forEach((v, i) => {
        const bar = bars.current[i]
        if (!bar) return
        const fill = bar.firstElementChild as HTMLElement | null
        if (fill) fill.style.transform = `scaleY(${Math.min(Math.max(v, 0), 100) / 100})`
        const text = bar.lastElementChild as HTMLElement | null
        const pct = `${Math.round(v)}%`
        if (text && text.textContent !== pct) text.textContent = pct
        const label = `Core ${i}: ${formatPercent(v, 0)}`
        if (bar.title !== label) {
          bar.title = label
          bar.setAttribute('aria-label', label)
        }
      })
    }
    if (store.latest) write(store.latest)
    return store.onTick(write)
  }, [store, count])
  if (count === 0) return <div className="core-strip empty">Per-core load appears with the first sample.</div>
  return (
    <div className="core-strip" role="group" aria-label="Per-core load" data-testid="core-strip">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="core" ref={(el) => void (bars.current[i] = el)} role="img" aria-label={`Core ${i}`}>
          <div className="core-fill" />
          <span className="core-label" aria-hidden="true">
            –
          </span>
        </div>
      ))}
    </div>
  )
}
