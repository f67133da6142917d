// node:tls for ws's websocket.js in `gapwatch serve`, loaded on first use (../serve-hooks.ts).
'use strict'
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, as the require() it stands in for
module.exports = require('./builtin.cjs')('node:tls')
