// The dashboard's Content-Security-Policy, declared once for the Electron window (a response
// header and the <meta> tag in renderer/index.html) and for browsers. Only its own scripts, styles
// and connections; no plugins, no <base>, no framing. The built renderer has no inline script or
// style element; React and chart.js set styles through the CSSOM, which style-src does not govern.
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['connect-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
]

/** Directives a <meta> tag cannot carry (browsers ignore them there, with a console error). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox'])

/** The policy as a response header. */
export const CSP = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ')

/** The same policy for `<meta http-equiv="Content-Security-Policy">`: the header minus what a meta tag cannot carry. */
export const CSP_META = CSP_DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name))
  .map(([name, value]) => `${name} ${value}`)
  .join('; ')
