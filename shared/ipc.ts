/** IPC channel names between Electron main and the preload. */
export const IPC_CALL = 'gapwatch:call'
export const IPC_EVENT = 'gapwatch:event'
/** The desktop preview's "Save PDF" / "Save JSON" (shared/report-export.ts). */
export const IPC_REPORT_SAVE = 'gapwatch:report-save'
/** The desktop Reports list's "Open": a scheduled report's file in the system's viewer. */
export const IPC_REPORT_OPEN = 'gapwatch:report-open'
