// `gapwatch scan` takes each row's symbol from a file's name, which is outside input: a name with a
// bare line break split every CSV row in two, one starting with = was a spreadsheet formula
// (`=2+5+cmd|calc!A0`: DDE in older Excel), and the table printed ESC and BEL raw to the terminal.
// The CSV's symbol cell is now quoted per RFC 4180 and prefixed with ' when a spreadsheet would read
// a formula; the table's symbol is escaped on one line like the CLI's error messages.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'
import { csvTextCell } from '../../electron/engine/pool/zone-row.ts'

const SAMPLE = path.resolve(import.meta.dirname, '../../resources/data/eurusd_15m.csv')
const NEWLINE_NAME = 'EURUSD\n2030-01-01'
const FORMULA_NAME = '=2+5+cmd|calc!A0'
const ESCAPE_NAME = 'X\x1b[2J\x1b]0;pwned\x07Y'

/** Files of the sample's first 300 lines under hostile names. */
function files(names: string[]): string[] {
  const dir = tempDir('gw-scan-names-')
  const head = fs.readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 300).join('\n') + '\n'
  return names.map((n) => {
    const f = path.join(dir, `${n}.csv`)
    fs.writeFileSync(f, head)
    return f
  })
}

/** RFC 4180 records (quoted cells may hold commas, quotes as "" and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"'
      i++
    } else if (c === '"') {
      quoted = !quoted
    } else if (!quoted && (c === ',' || c === '\n')) {
      row.push(cell)
      cell = ''
      if (c === '\n') {
        rows.push(row)
        row = []
      }
    } else {
      cell += c
    }
  }
  return rows
}

describe('csvTextCell', () => {
  it.each([
    ['EURUSD', 'EURUSD'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['a\nb', '"a\nb"'],
    ['a\rb', '"a\rb"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=a,b', `"'=a,b"`],
  ])('%j → %j', (text, cell) => expect(csvTextCell(text)).toBe(cell))
})

describe('gapwatch scan with hostile file names', () => {
  it('CSV: one record per zone, every symbol read back as its file name, no formula cell', async () => {
    const [a, b] = files([NEWLINE_NAME, FORMULA_NAME])
    const r = await runToEnd(['scan', a, b, '--format', 'csv'])
    expect(r.code, r.stderr).toBe(0)
    const [header, ...rows] = parseCsv(r.stdout)
    expect(header[0]).toBe('symbol')
    expect(rows.length).toBeGreaterThan(2)
    for (const row of rows) expect(row).toHaveLength(header.length)
    expect(new Set(rows.map((row) => row[0]))).toEqual(new Set([NEWLINE_NAME, `'${FORMULA_NAME}`]))
    expect(r.stdout).not.toMatch(/^[=+\-@]/m)
  })

  it('table: the name is escaped on its own row; no escape or bell reaches the terminal', async () => {
    const [a] = files([ESCAPE_NAME])
    const r = await runToEnd(['scan', a, '--format', 'table'])
    expect(r.code, r.stderr).toBe(0)
    for (const raw of ['\x1b', '\x07']) expect(r.stdout).not.toContain(raw)
    const row = r.stdout.split('\n').find((l) => l.startsWith('X'))
    expect(row).toMatch(/^X\\x1b\[2J\\x1b\]0;pwned\\x07Y +299 /)
  })
})
