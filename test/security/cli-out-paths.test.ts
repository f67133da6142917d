// `--out` onto a directory, into a folder that does not exist, or under a file: the CLI said Node's
// words ("EISDIR: illegal operation on a directory, open '/tmp/x'", "ENOENT: no such file or
// directory, open …"), for history export and report only after the whole export or report was
// computed. Each command now checks --out first and says what is wrong with it, exiting 2.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/serve.ts'
import { tempDir } from '../helpers/temp.ts'
import { seedHistory, seedStart } from '../integration/report/seed.ts'

const CSV = path.resolve(import.meta.dirname, '../../resources/data/eurusd_15m.csv')
let dataDir: string
let outDir: string

beforeAll(async () => {
  dataDir = tempDir('gw-out-paths-data-')
  await seedHistory(dataDir, seedStart())
  outDir = tempDir('gw-out-paths-')
  fs.writeFileSync(path.join(outDir, 'a-file'), 'x')
})

const commands: Array<[string, (out: string) => string[]]> = [
  ['history export', (out) => ['history', 'export', '--metrics', 'cpu.total', '--out', out, '--data-dir', dataDir]],
  ['report', (out) => ['report', '--format', 'json', '--out', out, '--data-dir', dataDir]],
  ['rules export', (out) => ['rules', 'export', '--format', 'prometheus', '--out', out, '--data-dir', dataDir]],
  ['scan', (out) => ['scan', CSV, '--format', 'csv', '--out', out]],
]

describe.each(commands)('%s --out', (_name, args) => {
  it('a directory: says it is one and to give a file name', async () => {
    const r = await runToEnd(args(outDir))
    expect(r.stderr.trim()).toBe(`gapwatch: --out: ${outDir} is a directory; give a file name, such as ${path.join(outDir, 'NAME')}.`)
    expect(r.code).toBe(2)
  })

  it('a folder that does not exist, or a file in its place: names the folder', async () => {
    const missing = path.join(outDir, 'no', 'such', 'x.out')
    const r = await runToEnd(args(missing))
    expect(r.stderr.trim()).toBe(`gapwatch: --out: the folder ${path.dirname(missing)} does not exist; create it first or choose another.`)
    expect(r.code).toBe(2)
    const under = await runToEnd(args(path.join(outDir, 'a-file', 'x.out')))
    expect(under.stderr.trim()).toBe(`gapwatch: --out: ${path.join(outDir, 'a-file')} is not a folder.`)
    expect(fs.readdirSync(outDir)).toEqual(['a-file'])
  })
})
