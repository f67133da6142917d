// Which Chromium prints the PDF: --chromium when given; else a headless shell anywhere on PATH before a
// full browser (it prints with a fraction of the CPU), and among full browsers the first on PATH.
// The "browsers" here are empty executable files: findChromium only looks for them.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ChromiumMissingError, findChromium } from '../../../../electron/engine/report/pdf.ts'
import { tempDir } from '../../../helpers/temp.ts'

/** A directory holding an executable file of each name (and, with `plain`, non-executable ones). */
function binDir(names: string[], plain: string[] = []): string {
  const dir = tempDir('gw-bin-')
  for (const n of names) fs.writeFileSync(path.join(dir, n), '#!/bin/sh\n', { mode: 0o755 })
  for (const n of plain) fs.writeFileSync(path.join(dir, n), '', { mode: 0o644 })
  return dir
}
const PATH = (...dirs: string[]) => dirs.join(path.delimiter)

describe('findChromium', () => {
  it('prefers a headless shell anywhere on PATH to a full browser earlier on it', () => {
    const early = binDir(['chromium', 'google-chrome'])
    const late = binDir(['chromium-headless-shell'])
    expect(findChromium(undefined, PATH(early, late))).toBe(path.join(late, 'chromium-headless-shell'))
    const chrome = binDir(['chrome-headless-shell'])
    expect(findChromium(undefined, PATH(early, chrome))).toBe(path.join(chrome, 'chrome-headless-shell'))
  })

  it('takes the first full browser on PATH where there is no (executable) headless shell', () => {
    const first = binDir(['google-chrome'], ['chromium-headless-shell'])
    const second = binDir(['chromium'])
    expect(findChromium(undefined, PATH(first, second))).toBe(path.join(first, 'google-chrome'))
    expect(findChromium(undefined, PATH(binDir(['chromium-browser', 'chromium'])))).toMatch(/chromium$/)
  })

  it('uses --chromium as given, and names what is missing', () => {
    const dir = binDir(['my-chrome', 'chromium-headless-shell'])
    expect(findChromium(path.join(dir, 'my-chrome'), PATH(dir))).toBe(path.join(dir, 'my-chrome'))
    expect(() => findChromium(path.join(dir, 'nope'), PATH(dir))).toThrow(/--chromium: .*nope is not an executable file/)
    expect(() => findChromium(undefined, PATH(binDir([], ['chromium'])))).toThrow(ChromiumMissingError)
    expect(() => findChromium(undefined, '')).toThrow(/apt-get install chromium-headless-shell.*or chromium.*--chromium PATH/)
  })
})
