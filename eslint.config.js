// ESLint flat config. Besides the usual TypeScript rules it enforces the import arrows of
// DESIGN.md's layer table (`layers` below, the one source of those arrows; test/unit/
// architecture.test.ts checks every source file against it too). Only main and preload may import
// 'electron'.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const electronModule = { name: 'electron', message: "Only electron/main and electron/preload may import 'electron' (DESIGN.md)." }
const reactModules = ['react', 'react-dom', 'react-chartjs-2', 'chart.js'].map((name) => ({
  name,
  message: 'UI libraries belong to renderer/ only.',
}))
/**
 * The layer table: which layers each one may import (DESIGN.md). Layers are folders of electron/,
 * plus shared/ and renderer/ at the top. The engine's pool owns the worker protocol and job code:
 * electron/worker is only the worker process's entry, and nothing imports it.
 */
export const layers = {
  shared: [],
  engine: ['shared'],
  worker: ['engine', 'shared'],
  server: ['engine', 'shared'],
  main: ['engine', 'shared'],
  cli: ['server', 'engine', 'shared'],
  preload: ['shared'],
  renderer: ['shared'],
}
/** Layers that are folders of electron/ (the others are top-level folders). */
export const electronLayers = ['engine', 'worker', 'server', 'main', 'cli', 'preload']
/**
 * Built-ins whose ESM import loads more modules through their getters, kept for the process's life:
 * the engine's layers take them from electron/engine/builtins.ts (types may still be imported).
 */
const builtinsViaGetter = ['fs', 'crypto', 'util', 'fs/promises'].flatMap((bare) =>
  [bare, `node:${bare}`].map((name) => ({
    name,
    allowTypeImports: true,
    message: `Take ${bare === 'fs/promises' ? 'fs' : bare} from electron/engine/builtins.ts: an ESM import of ${name} loads modules the engine keeps for good.`,
  })),
)
/** The layers that run in the engine's process under Node (main is bundled for Electron). */
const engineProcessLayers = ['engine', 'worker', 'server', 'cli']
/** Layers that may import the 'electron' module. */
const electronHosts = ['main', 'preload']

/** Relative imports that climb into a sibling folder the arrows do not allow. */
const into = (...folders) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})/`,
  message: `This folder may not import from ${folders.join(', ')} (see the import arrows in DESIGN.md).`,
})

/** The import rule of each electron/ layer, derived from `layers`. */
function electronLayerRules() {
  return electronLayers.map((layer) => {
    const forbidden = electronLayers.filter((l) => l !== layer && !layers[layer].includes(l))
    if (!layers[layer].includes('renderer')) forbidden.push('renderer')
    return {
      files: [`electron/${layer}/**`],
      rules: {
        'no-restricted-imports': ['error', {
          paths: [
            ...(electronHosts.includes(layer) ? reactModules : [electronModule, ...reactModules]),
            ...(engineProcessLayers.includes(layer) ? builtinsViaGetter : []),
          ],
          patterns: [into(...forbidden)],
        }],
      },
    }
  })
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...electronLayerRules(),
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronModule, ...reactModules],
        patterns: [into('electron', 'renderer'), { regex: '^node:', message: 'shared/ runs in the browser too: no Node built-ins.' }],
      }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [electronModule],
        patterns: [into('electron'), { regex: '^node:', message: 'The renderer talks only to GapwatchClient: no Node built-ins.' }],
      }],
    },
  },
)
