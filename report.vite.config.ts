// The report page's own build (renderer/report.html; `npm run build` runs it after electron-vite): one entry whose script
// and styles each come out as a single file, so electron/engine/report/html.ts can inline them into
// one self-contained HTML file. The dashboard's build shares chunks between entries; this one must not.
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const renderer = resolve(import.meta.dirname, 'renderer')

export default defineConfig({
  root: renderer,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(renderer, '../out/report'),
    emptyOutDir: true,
    cssCodeSplit: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    modulePreload: false,
    rollupOptions: {
      input: resolve(renderer, 'report.html'),
      output: { codeSplitting: false },
    },
  },
})
