// Found in review (unclear message): after a quoted cell that spans line breaks, an error names the
// wrong line. csv-rows.ts parseRows counts one line per row (line++), not the line feeds inside a
// quoted cell, so a bad value on the file's line 5 is reported at line 3. (A split scan counts line
// feeds per range, csv-range.ts countLines, so the two also disagree with each other.)
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'

it('names the line of the bad cell when an earlier row has a quoted cell across lines', async () => {
  const dir = tempDir('gw-review-mlline-')
  const file = path.join(dir, 'ML.csv')
  fs.writeFileSync(file, 'timestamp,note,open,high,low,close,volume\n1704067200000,"a\nb\nc",1,2,0.5,1.5,10\n1704067260000,x,1,abc,0.5,1.5,10\n')
  const r = await runToEnd(['scan', file, '--format', 'json'])
  expect(r.code).toBe(2)
  // Before the fix: "ML.csv:3: column "high": "abc" is not a number" (the file's line 3 is `b`).
  expect(r.stderr).toContain('ML.csv:5: column "high"')
})
