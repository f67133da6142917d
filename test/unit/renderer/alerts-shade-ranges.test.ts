// The backtest chart's shading plugin (renderer/src/charts/shade-ranges.ts) against a stand-in chart:
// Node has no canvas, so the 2D context is a recorder of the calls the plugin makes (the e2e test
// checks the same ranges end to end in Chromium).
import { describe, expect, it } from 'vitest'
import type { Chart } from 'chart.js'
import { shadeRanges, type ShadeRangesOptions } from '../../../renderer/src/charts/shade-ranges.ts'

/** A chart whose x scale maps t (ms) to pixels as 100 + t / 1000, plot area x 100..700, y 10..210. */
function fakeChart() {
  const fills: Array<[number, number, number, number]> = []
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 0,
    save() {},
    restore() {},
    beginPath() {},
    rect() {},
    clip() {},
    moveTo() {},
    lineTo() {},
    stroke() {},
    fillRect(x: number, y: number, w: number, h: number) {
      fills.push([x, y, w, h])
    },
  }
  const chart = {
    ctx,
    chartArea: { left: 100, right: 700, top: 10, bottom: 210 },
    scales: { x: { getPixelForValue: (t: number) => 100 + t / 1000 } },
  }
  return { chart: chart as unknown as Chart, fills }
}

function draw(chart: Chart, o: Partial<ShadeRangesOptions>): void {
  const hook = shadeRanges.beforeDatasetsDraw as (chart: Chart, args: unknown, options: Partial<ShadeRangesOptions>) => void
  hook(chart, {}, o)
}

describe('shadeRanges', () => {
  it('draws a full-height box from start to end of each range', () => {
    const { chart, fills } = fakeChart()
    draw(chart, { ranges: [{ start: 50_000, end: 80_000 }, { start: 200_000, end: 200_500 }], fill: 'red', stroke: 'red' })
    expect(fills).toEqual([
      [150, 10, 30, 200],
      // Shorter than 2 px still shows as 2 px.
      [300, 10, 2, 200],
    ])
  })

  it('runs an open range to the right edge and clips ranges to the plot', () => {
    const { chart, fills } = fakeChart()
    draw(chart, { ranges: [{ start: -50_000, end: 20_000 }, { start: 550_000, end: null }, { start: 900_000, end: 950_000 }] })
    expect(fills).toEqual([
      [100, 10, 20, 200],
      [650, 10, 50, 200],
    ])
  })

  it('draws nothing without ranges', () => {
    const { chart, fills } = fakeChart()
    draw(chart, {})
    draw(chart, { ranges: [] })
    expect(fills).toEqual([])
  })
})
