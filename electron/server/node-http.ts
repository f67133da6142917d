// node:http without undici. An ESM import of a built-in module reads every one of its exports, and
// node:http (Node ≥ 22) exports WebSocket, CloseEvent and MessageEvent as getters that load undici,
// Node's fetch (760 KB of source): 2.3 MiB more heap and ~5.5 MB more PSS for `gapwatch serve` at rest,
// which never uses them. require() hands over the module object without reading its getters. Types
// still come from `import type http from 'node:http'` (erased); values from here.
import { createRequire } from 'node:module'
import type * as Http from 'node:http'

export const nodeHttp = createRequire(import.meta.url)('node:http') as typeof Http
