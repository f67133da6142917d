// CommonJS packages used once or rarely, let go after the use. A long-running process keeps every
// module it has loaded, its source text and compiled code, for its life (issue 15: `gapwatch serve`
// alone at rest under 100 MB); an ES module can never be unloaded, but a CommonJS one taken out of
// require's cache is freed by the GC once nothing refers to it any more. Used for the YAML parser
// (alerts/rules-file.ts: a hand edit, a save, the first run's defaults) and systeminformation's lib
// files on Linux (sampler/si.ts: the start-up inventory only). The next use requires it afresh.
import module from 'node:module'
import path from 'node:path'

export interface OnceRequire {
  /** require, resolving from the file given to requireForOnce. */
  require: NodeJS.Require
  /** Takes every module of the package out of require's cache. */
  letGo(): void
}

/** A require for package `pkg` (one that exports ./package.json or has no exports map) whose modules letGo() drops. */
export function requireForOnce(fromUrl: string, pkg: string): OnceRequire {
  const require = module.createRequire(fromUrl)
  const dir = path.dirname(require.resolve(`${pkg}/package.json`)) + path.sep
  return {
    require,
    letGo: () => {
      for (const id of Object.keys(require.cache)) if (id.startsWith(dir)) delete require.cache[id]
    },
  }
}
