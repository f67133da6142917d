// Serves the built dashboard (out/renderer) with a few safe headers. Unknown paths fall back to
// index.html so the app's own views work on reload.
import fs from 'node:fs'
import path from 'node:path'
import type { ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  const index = path.join(root, 'index.html')
  if (!fs.existsSync(index)) return false
  const decoded = decodeURIComponent(urlPath.split('?')[0])
  let file = path.normalize(path.join(root, decoded))
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = index
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': file === index ? 'no-cache' : 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
  })
  fs.createReadStream(file).pipe(res)
  return true
}
