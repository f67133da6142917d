// The desktop preload's report saving (window.gapwatchDesktop, electron/preload); null in a browser,
// where the files come from `gapwatch serve`'s /api/report.
import type { DesktopReports } from '../../../../shared/report-export.ts'

declare global {
  interface Window {
    gapwatchDesktop?: DesktopReports
  }
}

export function desktopReports(): DesktopReports | null {
  return window.gapwatchDesktop ?? null
}
