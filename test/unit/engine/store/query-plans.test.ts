// Every statement the metric store runs (store/metric-sql.ts) uses an index or primary key on the
// history tables: none walks a whole table, which would cost more as history grows.
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { HISTORY_TABLES, metricSql } from '../../../../electron/engine/store/metric-sql.ts'
import { tempDir } from '../../../helpers/temp.ts'

const dir = tempDir('gw-plans-')
const db = openDatabase(path.join(dir, 'gapwatch.db'))
afterAll(() => {
  db.close()
})

const fullScan = new RegExp(`^SCAN (${HISTORY_TABLES.join('|')})\\b`)

it.each(Object.entries(metricSql))('%s does not scan a history table', (_name, q) => {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.example) as Array<{ detail: string }>
  const details = plan.map((p) => p.detail)
  expect(details.filter((d) => fullScan.test(d))).toEqual([])
  // A statement that filters a history table names the key it searches by (a plain INSERT has no plan).
  if (/\bWHERE\b/.test(q.sql) && HISTORY_TABLES.some((t) => q.sql.includes(t))) expect(details.join('\n')).toMatch(/SEARCH \w+ USING (INDEX|PRIMARY KEY|COVERING INDEX|INTEGER PRIMARY KEY)/)
})

it('catches a statement that would scan', () => {
  const plan = db.prepare('EXPLAIN QUERY PLAN DELETE FROM raw_block WHERE t0 + ? <= ?').all(60_000, 0) as Array<{ detail: string }>
  expect(plan.some((p) => fullScan.test(p.detail))).toBe(true)
})
