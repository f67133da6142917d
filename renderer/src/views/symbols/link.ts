// A link into the Symbols view with one symbol selected: `#symbols?symbol=EURUSD` (the tab is the
// part before `?`, App.tsx). Other views link to a symbol's zones with symbolHref.

export function symbolHref(symbol: string): string {
  return `#symbols?${new URLSearchParams({ symbol }).toString()}`
}

/** The symbol a `#symbols?symbol=…` hash names, or null. */
export function symbolFromHash(hash: string): string | null {
  const q = hash.indexOf('?')
  if (q < 0 || !/^#\/?symbols\?/.test(hash)) return null
  return new URLSearchParams(hash.slice(q + 1)).get('symbol') || null
}
