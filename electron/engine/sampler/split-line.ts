// Command lines given as one string (macOS's ps, Windows' CommandLine, a shell's -c): split into
// arguments with quotes honoured, and joined back for display.

/**
 * A command line given as one string split into arguments: whitespace separates them except inside
 * a pair of quotes ('…' or "…", with \" inside "…" as Windows writes it); a quote without its closing
 * one is an ordinary character. A pair of quotes around a whole argument is removed, others are kept
 * (`{"a": "b c"}` stays readable).
 */
export function splitCommandLine(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let started = false
  // A quote with no closing one after it means none of its kind after it has one either (a \" pair
  // is skipped from wherever the scan starts), so each kind is scanned to the end at most once.
  const unclosed = { '"': false, "'": false }
  const flush = (): void => {
    if (started) out.push(cur)
    cur = ''
    started = false
  }
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (/\s/.test(c)) {
      flush()
      continue
    }
    if ((c === '"' || c === "'") && !unclosed[c]) {
      let end = -1
      for (let j = i + 1; j < line.length; j++) {
        if (c === '"' && line[j] === '\\' && line[j + 1] === '"') j++
        else if (line[j] === c) {
          end = j
          break
        }
      }
      if (end < 0) unclosed[c] = true
      else {
        const inner = line.slice(i + 1, end)
        const alone = !started && (end + 1 === line.length || /\s/.test(line[end + 1]))
        cur += alone ? (c === '"' ? inner.replace(/\\"/g, '"') : inner) : line.slice(i, end + 1)
        started = true
        i = end
        continue
      }
    }
    cur += c
    started = true
  }
  flush()
  return out
}

/** Arguments joined for display, one with whitespace in it quoted. */
export function joinArgs(args: readonly string[]): string {
  return args.map((a) => (/\s/.test(a) && !/^["'{]/.test(a) ? `"${a}"` : a)).join(' ')
}

