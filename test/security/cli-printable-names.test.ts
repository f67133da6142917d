// A file name (or a file's bytes quoted in a message) holding terminal escapes reached the terminal
// raw from `history import`, `rules check` and `cost --catalog` (`gapwatch scan` escaped it): ESC [31m
// coloured it, a right-to-left override reordered what was shown. The CLI's text lines now escape
// them as `gapwatch scan` does (\x1b, \u202e), keeping the messages' own line feeds.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'
import { printable } from '../../electron/engine/market/errors.ts'

const EVIL = 'evil\x1b[31mred\u202eline'
const SHOWN = 'evil\\x1b[31mred\\u202eline'

describe('file names with terminal escapes in the CLI', () => {
  it('printable() escapes controls, C1, bidi overrides and zero-width marks, and keeps line feeds', () => {
    expect(printable(`a\x1b[2Jb\u009bc\u200bd\ne\tf\x00`)).toBe('a\\x1b[2Jb\\x9bc\\u200bd\ne\\x09f\\x00')
  })

  it.each([
    ['history import', (f: string, dir: string) => ['history', 'import', f, '--data-dir', dir]],
    ['rules check', (f: string) => ['rules', 'check', f]],
    ['cost --catalog', (f: string, dir: string) => ['cost', '--data-dir', dir, '--catalog', f, '--instance', 'x']],
    ['scan', (f: string) => ['scan', f]],
  ])('%s: the name is escaped in its error', async (_what, args) => {
    const dir = tempDir('gw-evil-name-')
    const file = path.join(dir, `${EVIL}.csv`)
    fs.writeFileSync(file, 'timestamp,open,high,low,close\nxx,1,2,3,4\n')
    const r = await runToEnd(args(file, dir))
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(path.join(dir, `${SHOWN}.csv`))
    for (const raw of ['\x1b', '\u202e']) expect(r.stderr + r.stdout).not.toContain(raw)
  })
})
