/** IPC channel names between Electron main and the preload. */
import type { CommandResult } from './contract.ts'

/** How main answers an invoke: the result, or why it failed (in words). */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: string; code?: string; retryAfterMs?: number }

export const IPC_CALL = 'gapwatch:call'
export const IPC_EVENT = 'gapwatch:event'
/** The desktop preview's "Save PDF" / "Save JSON" (shared/report-export.ts). */
export const IPC_REPORT_SAVE = 'gapwatch:report-save'
/** The desktop Reports list's "Open": a scheduled report's file in the system's viewer. */
export const IPC_REPORT_OPEN = 'gapwatch:report-open'
/** Desktop only: import a picked or dropped file by its path (ImportCsvPathParamsSchema); never over WebSocket. */
export const IPC_IMPORT_PATH = 'gapwatch:import-path'

/** What the preload exposes beside the client as window.gapwatchFiles (the desktop app only). */
export interface DesktopFiles {
  /**
   * Imports a file the user picked or dropped by its path on disk (webUtils.getPathForFile), so its
   * content never crosses IPC; the engine copies it and a pool worker parses it. `tz`: as importCsv's.
   */
  importFile(file: Blob & { readonly name: string }, o?: { tz?: string | null }): Promise<CommandResult<'importCsv'>>
}
