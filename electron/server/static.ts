// Serves the built dashboard (out/renderer). Unknown paths fall back to index.html so the app's
// own views work on reload. Only files whose real path (symlinks resolved) lies inside the real
// dashboard folder are served.
import { fs } from '../engine/builtins.ts'
import path from 'node:path'
import type { ServerResponse } from 'node:http'
import type { Rejection } from './reply.ts'

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

function realOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p)
  } catch {
    return null
  }
}

/** 'served', a rejection (400 for a malformed path, 404 outside the folder), or null when no dashboard is built. */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): 'served' | Rejection | null {
  const realRoot = realOrNull(root)
  const index = realRoot && realOrNull(path.join(realRoot, 'index.html'))
  if (!realRoot || !index) return null
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return { status: 400, message: `The path "${urlPath.slice(0, 80)}" is not validly %-encoded.` }
  }
  if (decoded.includes('\0')) return { status: 400, message: 'The path contains a NUL character.' }
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot + path.sep)
  const wanted = path.join(realRoot, decoded)
  const real = realOrNull(wanted)
  let file = index
  if (real !== null) {
    if (!inside(real)) return { status: 404, message: `Not found: ${urlPath.slice(0, 80)}` }
    if (fs.statSync(real).isFile()) file = real
  } else if (!inside(path.normalize(wanted))) {
    return { status: 404, message: `Not found: ${urlPath.slice(0, 80)}` }
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': file === index ? 'no-cache' : 'public, max-age=31536000, immutable',
  })
  fs.createReadStream(file).on('error', () => res.destroy()).pipe(res)
  return 'served'
}
