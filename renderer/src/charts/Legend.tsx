// An HTML legend: cheaper than Chart.js's canvas legend (which costs more than the rest of a live
// chart's update) and keyboard-reachable. Clicking an entry hides or shows its dataset.
import { useState, type RefObject } from 'react'
import type { Chart } from 'chart.js'

export interface LegendItem {
  label: string
  color: string
  dashed?: boolean
}

export function Legend({ items, chartRef }: { items: readonly LegendItem[]; chartRef: RefObject<Chart<'line', never> | Chart | null> }) {
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set())
  if (items.length < 2) return null
  const toggle = (i: number) => {
    const chart = chartRef.current as Chart | null
    if (!chart) return
    const visible = !chart.isDatasetVisible(i)
    chart.setDatasetVisibility(i, visible)
    chart.update('none')
    setHidden((h) => {
      const next = new Set(h)
      if (visible) next.delete(i)
      else next.add(i)
      return next
    })
  }
  return (
    <span className="legend" role="group" aria-label="Series">
      {items.map((item, i) => (
        <button key={item.label} type="button" className="legend-item" aria-pressed={!hidden.has(i)} onClick={() => toggle(i)}>
          <span className={`swatch${item.dashed ? ' dashed' : ''}`} style={{ borderColor: item.color, background: item.dashed ? 'transparent' : item.color }} />
          {item.label}
        </button>
      ))}
    </span>
  )
}
