// `gapwatch rules` with an FVG rule: listed with what it watches; a backtest skips it by name (it
// alerts on live scanner events, there is no stored series) and still prints the others' JSON.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runToEnd } from '../../helpers/serve.ts'
import { tempDir } from '../../helpers/temp.ts'

const file = `rules:
  - name: cpu-any
    metric: cpu.total
    threshold: 10
  - name: eur-fvg
    kind: fvg
    symbols: [EURUSD]
    min_size: { unit: pips, value: 5 }
`

describe('gapwatch rules with an FVG rule', () => {
  it('list shows it; backtest skips it and keeps its JSON to the metric rules', async () => {
    const dir = tempDir('gw-cli-fvg-')
    fs.writeFileSync(path.join(dir, 'rules.yaml'), file)
    const list = await runToEnd(['rules', 'list', '--data-dir', dir])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/eur-fvg\s+fvg EURUSD any timeframe\s+created both, ≥ 5 pips\s+-\s+info/)
    const csv = path.join(dir, 'trace.csv')
    const t0 = Date.UTC(2026, 0, 5, 10)
    fs.writeFileSync(csv, 'time,cpu.total\n' + Array.from({ length: 120 }, (_, i) => `${t0 + i * 1000},${i < 60 ? 5 : 50}`).join('\n') + '\n')
    expect((await runToEnd(['history', 'import', csv, '--data-dir', dir])).code).toBe(0)
    const range = ['--from', new Date(t0).toISOString(), '--to', new Date(t0 + 120_000).toISOString()]
    const text = await runToEnd(['rules', 'backtest', path.join(dir, 'rules.yaml'), '--data-dir', dir, ...range])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/eur-fvg \(info, FVG events\): skipped/)
    const json = await runToEnd(['rules', 'backtest', path.join(dir, 'rules.yaml'), '--data-dir', dir, '--json', ...range])
    expect(json.code).toBe(0)
    expect((JSON.parse(json.stdout) as Array<{ rule: string }>).map((f) => f.rule)).toEqual(['cpu-any'])
  })
})
