// Module-resolution hooks for `gapwatch serve`, installed before serve's modules load (cli/main.ts).
// Two dependencies load at start what the engine never uses at rest, and a long-running process
// keeps every module it has loaded for its life (issue 15: serve alone at rest under 100 MB). Each
// hook is narrow: it redirects one request, only when made from that dependency's own files; all
// else resolves as usual. The desktop engine is bundled by Vite and never sees these hooks, and the
// pool workers, `gapwatch scan` and the other commands load their modules unchanged.
//
// - ws (lib/websocket.js) requires node:https and node:tls at top level, for a client connection
//   only (serve dials out only to relay a saved wss:// host). It gets stand-ins that load the real
//   module on first use (serve-hooks/builtin.cjs), so a plain-HTTP serve never loads TLS (~2.3 MiB
//   at rest with node:https; serve.ts and server.ts import them on their TLS path only).
// - zod's `locales` namespace (re-exported by zod, zod/mini and zod/v4/core) imports all 64 locale
//   files; zod's default English comes from its own import of locales/en.js. The namespace becomes
//   English only (serve-hooks/zod-locales.mjs): nothing in the engine calls z.locales or z.config.
//
// module.registerHooks arrived in Node 22.15 / 23.5; on an older Node nothing is redirected.
import module from 'node:module'

const here = new URL('./serve-hooks/', import.meta.url)

/** Redirects: the resolved target for a (parent file pattern, request) pair. */
const redirects: Array<{ parent: RegExp; request: ReadonlySet<string>; url: string; format: 'commonjs' | 'module' }> = [
  { parent: /\/node_modules\/ws\/lib\/websocket\.js$/, request: new Set(['https', 'node:https']), url: new URL('https.cjs', here).href, format: 'commonjs' },
  { parent: /\/node_modules\/ws\/lib\/websocket\.js$/, request: new Set(['tls', 'node:tls']), url: new URL('tls.cjs', here).href, format: 'commonjs' },
  { parent: /\/node_modules\/zod\/v4\/(classic|mini|core)\/[^/]+\.js$/, request: new Set(['../locales/index.js']), url: new URL('zod-locales.mjs', here).href, format: 'module' },
]

let installed = false

/** Installs the hooks once; returns whether this Node has module.registerHooks. */
export function installServeHooks(): boolean {
  if (typeof module.registerHooks !== 'function') return false
  if (installed) return true
  installed = true
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL
      if (parent !== undefined) {
        for (const r of redirects) {
          if (r.request.has(specifier) && r.parent.test(parent)) return { url: r.url, format: r.format, shortCircuit: true }
        }
      }
      return nextResolve(specifier, context)
    },
  })
  return true
}
