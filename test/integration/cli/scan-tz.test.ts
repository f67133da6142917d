// `gapwatch scan --tz ZONE`: a broker-time file scanned as UTC; a bad zone is a usage error.
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runToEnd, tempDir } from '../../helpers/serve.ts'

it('reads the file in the given zone, and refuses an unknown zone with exit 2', async () => {
  const dir = tempDir('gw-scan-tz-')
  const file = path.join(dir, 'BROKER.csv')
  // Hourly bars in Athens time around the spring change (03:00 does not exist there); two bullish gaps.
  const rows = [['01:00', 1.0, 1.1, 0.9, 1.05], ['02:00', 1.05, 1.3, 1.0, 1.25], ['04:00', 1.25, 1.6, 1.2, 1.55], ['05:00', 1.55, 1.7, 1.4, 1.6]]
  fs.writeFileSync(file, ['date,time,open,high,low,close', ...rows.map(([t, ...p]) => `2024.03.31,${t},${p.join(',')}`)].join('\n'))
  const utc = await runToEnd(['scan', file, '--format', 'csv'])
  const athens = await runToEnd(['scan', file, '--format', 'csv', '--tz', 'Europe/Athens'])
  expect(utc.code).toBe(0)
  expect(athens.code).toBe(0)
  const times = (out: string) => out.trim().split('\n').slice(1).map((l) => l.split(',')[2])
  // Read as UTC the change looks like a missing hour; in Athens time the bars are hourly in UTC.
  expect(times(utc.stdout)).toEqual(['2024-03-31T02:00:00.000Z', '2024-03-31T04:00:00.000Z'])
  expect(times(athens.stdout)).toEqual(['2024-03-31T00:00:00.000Z', '2024-03-31T01:00:00.000Z'])
  expect(await runToEnd(['scan', file, '--tz', 'Nowhere/Land'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--tz: "Nowhere\/Land" is not an IANA time zone/) })
})
