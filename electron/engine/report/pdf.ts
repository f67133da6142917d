// Prints a report page to PDF with a local Chromium through playwright-core (the desktop app uses
// Electron's own printToPDF instead). The page says when its charts are drawn (window.__reportReady).
import { fs } from '../builtins.ts'
import path from 'node:path'

export const PAPER_SIZES = ['a4', 'letter'] as const
export type Paper = (typeof PAPER_SIZES)[number]

/** No Chromium to print with: the message says how to get one. */
export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError'
}

/**
 * Looked for on PATH: a headless shell anywhere on it first (Chromium's old headless mode, what
 * Playwright itself prints with). It starts no browser UI, where the full browser's headless mode opens
 * a window with its omnibox pages (two more renderer processes): its launch-and-print floor took 2.1 s
 * against 3.8 s on a loaded machine (npm run bench:report -- --chromium PATH compares). Else a full
 * browser, the first on PATH.
 */
export const CHROMIUM_NAMES = [
  ['chromium-headless-shell', 'chrome-headless-shell'],
  ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
] as const

/** The Chromium to print with: the given path, or the first of CHROMIUM_NAMES on PATH. */
export function findChromium(given?: string, envPath = process.env.PATH ?? ''): string {
  if (given !== undefined) {
    if (!isExecutable(given)) throw new ChromiumMissingError(`--chromium: ${given} is not an executable file.`)
    return given
  }
  const dirs = envPath.split(path.delimiter).filter(Boolean)
  for (const names of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      for (const name of names) {
        const p = path.join(dir, name)
        if (isExecutable(p)) return p
      }
    }
  }
  throw new ChromiumMissingError(
    'A PDF needs a local Chromium and none was found on PATH (chromium-headless-shell, chromium, chromium-browser, google-chrome). ' +
      'Install one (Debian/Ubuntu: sudo apt-get install chromium-headless-shell, the lightest, or chromium; macOS: brew install --cask chromium) or give --chromium PATH. ' +
      '--format json and --format html work without it.',
  )
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK)
    return fs.statSync(p).isFile()
  } catch {
    return false
  }
}

/** The PDF of a self-contained report page (reportHtml). */
export async function printPdf(html: string, o: { chromium?: string; paper?: Paper } = {}): Promise<Uint8Array> {
  const executablePath = findChromium(o.chromium)
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // No emulateMedia('print'): printing lays the page out for print anyway, and switching the media
    // first only cost one more style and layout pass of the whole page.
    await page.setContent(html, { waitUntil: 'load' })
    await page.waitForFunction('window.__reportReady === true', undefined, { timeout: 30_000 }).catch(() => {
      throw new Error(`The report page did not finish drawing${errors.length ? `: ${errors.join('; ')}` : ''}.`)
    })
    // Margins and page numbers come from the page's own @page rule (report.css), as in printToPDF.
    return await page.pdf({ format: o.paper === 'letter' ? 'Letter' : 'A4', printBackground: true })
  } finally {
    await browser.close()
  }
}
