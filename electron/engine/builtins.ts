// node:fs, node:crypto and node:util without the modules their lazy exports load. An ESM import of a
// built-in (`import fs from 'node:fs'`, even a default import) reads every one of its exports once,
// and some exports are getters that load more modules: node:fs's `promises` loads fs/promises with
// readline and the REPL's history, node:util's lazy exports load worker_threads, node:crypto's
// `webcrypto` loads Web Crypto. A long-running process keeps them all: ~1.5 MiB more of
// `gapwatch serve`'s memory at rest (bench/rest-memory.ts). process.getBuiltinModule hands over the
// module object and reads nothing, so the engine, the server and the CLI take these three from here
// (eslint.config.js refuses value imports of them elsewhere); types still come from `import type`.
// One such import anywhere in the process costs the same, so it is all or nothing.
// server/node-http.ts does the same for node:http (whose getters load undici).
import type * as Crypto from 'node:crypto'
import type * as Fs from 'node:fs'
import type * as Util from 'node:util'

export const fs: typeof Fs = process.getBuiltinModule('node:fs')
export const crypto: typeof Crypto = process.getBuiltinModule('node:crypto')
const util: typeof Util = process.getBuiltinModule('node:util')

/** node:util's parseArgs. */
export const parseArgs: typeof Util.parseArgs = (config) => util.parseArgs(config)
