// The bundled instance catalog is valid and dated; a user's catalog file is validated with the file and field named.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundledCatalog, loadCatalogFile, withUserEntries } from '../../../../electron/engine/cost/catalog.ts'
import { tempDir } from '../../../helpers/temp.ts'

describe('cost catalog', () => {
  it('bundles a dated catalog of common instance types with its source', () => {
    const c = bundledCatalog()
    expect(c.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(c.source).toMatch(/list prices/)
    expect(c.entries.length).toBeGreaterThanOrEqual(12)
    expect(new Set(c.entries.map((e) => e.provider))).toEqual(new Set(['AWS', 'GCP', 'Hetzner-like']))
  })

  it('names the file and the field of a bad catalog', () => {
    const dir = tempDir()
    const file = path.join(dir, 'mine.json')
    fs.writeFileSync(file, JSON.stringify({ priceDate: '2026-01-01', entries: [{ name: 'x', vcpus: -2, memoryGb: 4, hourly: 0.1 }] }))
    expect(() => loadCatalogFile(file)).toThrow(`${file}: entries.0.vcpus:`)
    fs.writeFileSync(file, '{ "priceDate": ')
    expect(() => loadCatalogFile(file)).toThrow(`${file}: not valid JSON`)
    expect(() => loadCatalogFile(path.join(dir, 'missing.json'))).toThrow(/missing\.json: no such file/)
  })

  it('adds the user\'s entries, replacing a bundled one of the same name', () => {
    const c = bundledCatalog()
    const mine = { name: c.entries[0].name, provider: 'me', vcpus: 64, memoryGb: 512, gpus: 0, hourly: 1 }
    const merged = withUserEntries(c, [mine])
    expect(merged.entries).toHaveLength(c.entries.length)
    expect(merged.entries.find((e) => e.name === mine.name)).toEqual(mine)
  })
})
