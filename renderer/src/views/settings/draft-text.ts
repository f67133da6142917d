// A text box edited as lines but stored in the draft as parsed values (the user's instance types,
// daily trade counts): the text the user types is kept while the draft holds what it parsed to, and
// is rewritten from the draft when the draft changes from elsewhere ("Discard changes", a save).
import { useState } from 'react'

/** [text, setText(text, parsed)]: `parsed` must be the value then put into the draft. */
export function useDraftText<T>(value: T, format: (v: T) => string): [string, (text: string, parsed: T) => void] {
  const [state, setState] = useState({ text: format(value), of: value })
  if (state.of !== value) {
    // derived state (React's documented pattern: set during render, re-rendered before commit)
    const next = { text: format(value), of: value }
    setState(next)
    return [next.text, (text, of) => setState({ text, of })]
  }
  return [state.text, (text, of) => setState({ text, of })]
}
