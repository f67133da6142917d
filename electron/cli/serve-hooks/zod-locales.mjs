// zod's `locales` namespace for `gapwatch serve` (see ../serve-hooks.ts): English only, the locale
// zod itself sets as its default; the other 63 are never used by the engine.
export { default as en } from 'zod/v4/locales/en.js'
