// Chart colours come from the CSS variables of styles.css, so light and dark follow the OS
// (prefers-color-scheme). The palette is a small external store: charts rebuild their options when
// the scheme changes, nothing else re-renders.
import { useSyncExternalStore } from 'react'

export interface Palette {
  dark: boolean
  fg: string
  muted: string
  grid: string
  bg: string
  series: string[]
  up: string
  down: string
  danger: string
  warn: string
  ok: string
  zoneBull: string
  zoneBear: string
}

function css(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback
}

function read(): Palette {
  const style = getComputedStyle(document.documentElement)
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches
  return {
    dark,
    fg: css(style, '--fg', '#222'),
    muted: css(style, '--muted', '#666'),
    grid: css(style, '--grid', 'rgba(128,128,128,0.2)'),
    bg: css(style, '--bg', '#fff'),
    series: [1, 2, 3, 4, 5, 6].map((i) => css(style, `--series-${i}`, '#3b82f6')),
    up: css(style, '--up', '#16a34a'),
    down: css(style, '--down', '#dc2626'),
    danger: css(style, '--danger', '#dc2626'),
    warn: css(style, '--warn', '#d97706'),
    ok: css(style, '--ok', '#16a34a'),
    zoneBull: css(style, '--zone-bull', 'rgba(22,163,74,0.25)'),
    zoneBear: css(style, '--zone-bear', 'rgba(220,38,38,0.25)'),
  }
}

let current: Palette | null = null
const listeners = new Set<() => void>()
let media: MediaQueryList | null = null

function subscribe(listener: () => void): () => void {
  if (!media) {
    media = window.matchMedia('(prefers-color-scheme: dark)')
    media.addEventListener('change', () => {
      current = read()
      for (const l of listeners) l()
    })
  }
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function palette(): Palette {
  return (current ??= read())
}

export function usePalette(): Palette {
  return useSyncExternalStore(subscribe, palette)
}

/** A colour with an alpha, for fills: works on #rgb, #rrggbb and rgb()/hsl() strings. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1]
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16))
    return `rgba(${r}, ${g}, ${b}, ${alpha})`
  }
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`
}
