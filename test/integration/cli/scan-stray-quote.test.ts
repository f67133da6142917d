// Found in review (WRONG NUMBERS, silent): an unclosed quote in a note column swallows the rows up
// to the next quote in the file, and the row it opened takes the prices of the row where that quote
// is. csv-rows.ts's general cell path takes `"` … next `"` as the cell wherever that is, then skips
// whatever follows the closing quote up to the delimiter (here `x"`), without checking that a
// delimiter or line end follows it (RFC 4180). Rows 3–5 vanish, row 2 gets row 5's high, no message.
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'

it('a stray quote in a note is refused (or read as text), never swallowing rows', async () => {
  const dir = tempDir('gw-review-quote-')
  const file = path.join(dir, 'UQ.csv')
  fs.writeFileSync(file, [
    'timestamp,note,open,high,low,close,volume',
    '1704067200000,a,1,2,0.5,1.5,10',
    '1704067260000,"unclosed,1,2,0.5,1.5,10',
    '1704067320000,b,1,3,0.5,1.5,10',
    '1704067380000,c,1,2,0.5,1.5,10',
    '1704067440000,"x",1,4,0.5,1.5,10',
    '1704067500000,d,1,2,0.5,1.5,10',
    '',
  ].join('\n'))
  const r = await runToEnd(['scan', file, '--format', 'json'])
  // Before the fix: exit 0, 3 candles, nothing on stderr.
  if (r.code === 0) expect((JSON.parse(r.stdout) as { stats: { candles: number } }).stats.candles).toBe(6)
  else expect(r.stderr).toMatch(/UQ\.csv:3: column "note"/)
})
