// Bounds on what crosses a boundary into the engine, declared once: the server, the importer, the
// CLI and the contract's schemas all read them from here.

/** The largest CSV file the importer or `gapwatch scan` reads (uploads past it get 413). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024

/**
 * The largest WebSocket message the server accepts. The biggest legitimate command is a settings
 * patch (50 process groups of 500-character patterns, a 500-symbol watchlist): well under 256 KiB.
 * CSV imports do not travel over the WebSocket but as a streamed HTTP upload.
 */
export const MAX_WS_MESSAGE_BYTES = 256 * 1024
