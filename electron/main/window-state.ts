// Remembers the window's size and position in <userData>/window-state.json, and ignores a saved
// position that no display shows any more (a monitor unplugged since).
import fs from 'node:fs'
import path from 'node:path'
import type { Rectangle } from 'electron'
import { writeJsonFile } from '../engine/json-file.ts'

export interface WindowState {
  bounds: Rectangle
  maximized: boolean
}

export function loadWindowState(dir: string, displays: Rectangle[]): WindowState | null {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'window-state.json'), 'utf8')) as WindowState
    const b = s.bounds
    if (![b.x, b.y, b.width, b.height].every(Number.isFinite) || b.width < 200 || b.height < 200) return null
    const visible = displays.some((d) => b.x < d.x + d.width && b.x + b.width > d.x && b.y < d.y + d.height && b.y + b.height > d.y)
    return visible ? s : { bounds: { ...b, x: displays[0]?.x ?? 0, y: displays[0]?.y ?? 0 }, maximized: s.maximized }
  } catch {
    return null
  }
}

/**
 * Saves the window's place; false when it could not (a full disk, a read-only profile). Called
 * from timers and the close handler, so it never throws: a window position is not worth a crash.
 */
export function saveWindowState(dir: string, state: WindowState): boolean {
  const file = path.join(dir, 'window-state.json')
  try {
    writeJsonFile(file, state, 0o666)
    return true
  } catch {
    return false // writeJsonFile left the earlier file and no temporary one
  }
}
