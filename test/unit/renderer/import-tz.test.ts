// The Import CSV view's time zone field maps to the API's tz: empty keeps the symbol's remembered
// zone, UTC forgets it, anything else goes to the engine to be checked.
import { describe, expect, it } from 'vitest'
import { tzParam } from '../../../renderer/src/components/import-tz.ts'

describe('import time zone field', () => {
  it('empty (or blanks) = the remembered zone: no tz sent', () => {
    expect(tzParam('')).toBeUndefined()
    expect(tzParam('   ')).toBeUndefined()
  })
  it('UTC, Z or GMT in any case = UTC, forgetting a remembered zone', () => {
    for (const z of ['UTC', 'utc', ' Z ', 'GMT']) expect(tzParam(z)).toBeNull()
  })
  it('a zone or offset goes as typed, trimmed (the engine validates it)', () => {
    expect(tzParam(' Europe/Athens ')).toBe('Europe/Athens')
    expect(tzParam('+02:00')).toBe('+02:00')
    expect(tzParam('Mars/Olympus')).toBe('Mars/Olympus')
  })
})
