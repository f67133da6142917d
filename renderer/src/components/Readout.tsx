// A live number: subscribes to the store's ticks and writes its text straight into the DOM, so a
// sample never re-renders React.
import { useEffect, useRef } from 'react'
import type { Sample } from '../../../shared/sample.ts'
import type { LiveStore } from '../store/live.ts'

interface Props {
  store: LiveStore
  render: (s: Sample) => string
  className?: string
  testId?: string
  /** Shown until the first sample. */
  placeholder?: string
}

export function Readout({ store, render, className, testId, placeholder = '—' }: Props) {
  const ref = useRef<HTMLSpanElement>(null)
  const renderRef = useRef(render)
  useEffect(() => {
    renderRef.current = render
  })
  useEffect(() => {
    const write = (s: Sample) => {
      const el = ref.current
      if (!el) return
      const text = renderRef.current(s)
      if (el.textContent !== text) el.textContent = text
    }
    if (store.latest) write(store.latest)
    return store.onTick(write)
  }, [store])
  return (
    <span ref={ref} className={className} data-testid={testId}>
      {store.latest ? render(store.latest) : placeholder}
    </span>
  )
}
