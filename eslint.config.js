// ESLint flat config. Besides the usual TypeScript rules it enforces the import arrows of
// DESIGN.md: renderer → shared; preload → shared + electron; main → engine + shared + electron;
// server/cli → engine + shared; engine/worker → shared. Only main and preload may import 'electron'.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const electronModule = { name: 'electron', message: "Only electron/main and electron/preload may import 'electron' (DESIGN.md)." }
const reactModules = ['react', 'react-dom', 'react-chartjs-2', 'chart.js'].map((name) => ({
  name,
  message: 'UI libraries belong to renderer/ only.',
}))
/** Relative imports that climb into a sibling folder the arrows do not allow. */
const into = (...folders) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})/`,
  message: `This folder may not import from ${folders.join(', ')} (see the import arrows in DESIGN.md).`,
})

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
  {
    files: ['electron/engine/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronModule, ...reactModules],
        patterns: [into('main', 'preload', 'server', 'cli', 'renderer')],
      }],
    },
  },
  {
    files: ['electron/worker/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronModule, ...reactModules],
        patterns: [into('main', 'preload', 'server', 'cli', 'renderer')],
      }],
    },
  },
  {
    files: ['electron/server/**', 'electron/cli/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronModule, ...reactModules],
        patterns: [into('main', 'preload', 'renderer')],
      }],
    },
  },
  {
    files: ['electron/main/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: reactModules, patterns: [into('server', 'cli', 'renderer', 'preload')] }],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: reactModules, patterns: [into('engine', 'main', 'server', 'cli', 'worker', 'renderer')] }],
    },
  },
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
