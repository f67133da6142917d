// JSON files people edit by hand: hosts.json (serve's and the desktop's saved hosts) and a cost
// catalog (`--catalog`, Settings → Cost). Saved by an editor that writes a UTF-8 byte order mark
// (Windows Notepad did by default), either was refused as "not JSON (Unexpected token '\uFEFF'…)": an
// invisible character, and every /api/hosts request failed. A leading BOM is now skipped, as the
// rules file's YAML parser already did.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HostsStore } from '../../electron/server/hosts-store.ts'
import { loadCatalogFile } from '../../electron/engine/cost/catalog.ts'
import { tempDir } from '../helpers/temp.ts'

const BOM = '\uFEFF'

describe('hand-edited JSON files with a UTF-8 byte order mark', () => {
  it('hosts.json: the hosts are listed', () => {
    const dir = tempDir('gw-bom-')
    fs.writeFileSync(path.join(dir, 'hosts.json'), `${BOM}{"hosts": [{"name": "vps", "url": "https://vps.example:8787"}]}\n`)
    expect(new HostsStore(dir).list()).toEqual([{ name: 'vps', url: 'https://vps.example:8787', tokenSet: false }])
  })

  it('a cost catalog: its entries are read', () => {
    const file = path.join(tempDir('gw-bom-'), 'catalog.json')
    const bundled = fs.readFileSync(path.resolve(import.meta.dirname, '../../resources/cost-catalog.json'), 'utf8')
    fs.writeFileSync(file, BOM + bundled)
    expect(loadCatalogFile(file)).toEqual(JSON.parse(bundled))
  })

  it('a BOM anywhere else is still an error naming the file', () => {
    const dir = tempDir('gw-bom-')
    fs.writeFileSync(path.join(dir, 'hosts.json'), `{"hosts": ${BOM}[]}`)
    expect(() => new HostsStore(dir).list()).toThrow(`${path.join(dir, 'hosts.json')}: not JSON`)
  })
})
