// STUB of the 'electron' module, aliased in vitest.config.ts. The Electron binary cannot be
// downloaded on these machines, so tests of the Electron glue (electron/main, electron/preload) run
// against this stand-in. It records calls; it does not pretend to render anything.
export {}
