// The scan's worker count (cli/scan-early.ts workerCount): one rule for the workers forked before the
// scan's modules load and for the pool the scan runs, so the two cannot disagree.
import { describe, expect, it } from 'vitest'
import { parseScanArgs, workerCount } from '../../../electron/cli/scan-early.ts'
import { defaultPoolSize } from '../../../electron/engine/pool/worker-host.ts'

function count(args: string[]): number | null {
  const { values, positionals } = parseScanArgs(args)
  return workerCount(values, positionals)
}

describe('workerCount', () => {
  it('takes --workers N for N from 1 to 64, whatever the number of files', () => {
    expect(count(['a.csv', '--workers', '1'])).toBe(1)
    expect(count(['a.csv', 'b.csv', '--workers', '64'])).toBe(64)
  })

  it('is null for a --workers that is not an integer from 1 to 64', () => {
    for (const n of ['0', '65', '2.5', 'two', '', '-1']) expect(count(['a.csv', 'b.csv', `--workers=${n}`]), n).toBeNull()
  })

  it('is one per file, up to the default pool size, without --workers', () => {
    const files = Array.from({ length: defaultPoolSize() + 3 }, (_, i) => `f${i}.csv`)
    expect(count(files.slice(0, 1))).toBe(1)
    expect(count(files)).toBe(defaultPoolSize())
  })
})
