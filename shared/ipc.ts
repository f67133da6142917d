/** IPC channel names between Electron main and the preload. */
export const IPC_CALL = 'gapwatch:call'
export const IPC_EVENT = 'gapwatch:event'
