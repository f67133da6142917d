// Found in review (WRONG NUMBERS, whole and split alike): in a file whose lines end in LF, a line
// ended by a lone CR (a file joined from exports of different systems) makes the next row vanish
// without a word. csv.ts says "Lines: LF, CRLF or lone CR", but csv-rows.ts parseRows, with the
// head's eol (LF), reads the row up to its last column, then skips to the next LF: the row after the
// CR is skipped whole. Expected: that row read as a row (4 candles), or the file refused naming line 3.
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'

it('a lone CR in an LF file does not silently drop the row after it', async () => {
  const dir = tempDir('gw-review-cr-')
  const file = path.join(dir, 'CR.csv')
  fs.writeFileSync(file, 'timestamp,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,10\n1704067260000,1,2,0.5,1.5,10\r1704067320000,1,3,0.5,1.5,10\n1704067380000,1,2,0.5,1.5,10\n')
  const r = await runToEnd(['scan', file, '--format', 'json'])
  // Before the fix: exit 0, "candles":3, stderr empty: the row of 1704067320000 is gone.
  if (r.code === 0) expect((JSON.parse(r.stdout) as { stats: { candles: number } }).stats.candles).toBe(4)
  else expect(r.stderr).toMatch(/CR\.csv:3/)
})
