// Remembers the window's size and position in <userData>/window-state.json. A saved place is used
// only where the window's title bar can still be grabbed on a display (a monitor unplugged since,
// or a hand-edited file, once put the window's top-left pixel on the screen's last one, a million
// pixels wide), and its size never exceeds that display's work area.
import path from 'node:path'
import type { Rectangle } from 'electron'
import { z } from 'zod'
import { readJsonFile, writeJsonFile } from '../engine/json-file.ts'

export interface WindowState {
  bounds: Rectangle
  maximized: boolean
}

/** Smallest saved size taken (anything less is a broken file: the default size is used). */
const MIN_SAVED_SIZE = 200
/** How much of the title bar must lie on one display for the saved place to be kept: enough to grab it. */
export const MIN_VISIBLE_TITLE_BAR = { width: 100, height: 50 }

const Pixels = z.number().int().min(-1_000_000).max(1_000_000)
const WindowStateSchema = z.object({
  bounds: z.object({ x: Pixels, y: Pixels, width: Pixels.min(MIN_SAVED_SIZE), height: Pixels.min(MIN_SAVED_SIZE) }),
  maximized: z.boolean().default(false),
})

/** Whether the window's title bar strip (its top MIN_VISIBLE_TITLE_BAR.height pixels) shows enough on `d`. */
function titleBarOn(b: Rectangle, d: Rectangle): boolean {
  const wide = Math.min(b.x + b.width, d.x + d.width) - Math.max(b.x, d.x)
  const tall = Math.min(b.y + MIN_VISIBLE_TITLE_BAR.height, d.y + d.height) - Math.max(b.y, d.y)
  return wide >= MIN_VISIBLE_TITLE_BAR.width && tall >= MIN_VISIBLE_TITLE_BAR.height
}

/**
 * The saved state for `displays` (their work areas): its place kept when the title bar can be grabbed
 * on one of them, else the window is put at the first display's corner; its size cut to the display's.
 * Null without a usable file (none, not JSON, a bad value) or a display: the window's default place.
 */
export function loadWindowState(dir: string, displays: Rectangle[]): WindowState | null {
  let s: WindowState | null
  try {
    s = readJsonFile(path.join(dir, 'window-state.json'), WindowStateSchema.nullable(), null)
  } catch {
    return null
  }
  if (!s || displays.length === 0) return null
  const fit = (b: Rectangle, d: Rectangle): Rectangle => ({ ...b, width: Math.min(b.width, d.width), height: Math.min(b.height, d.height) })
  for (const d of displays) {
    const bounds = fit(s.bounds, d)
    if (titleBarOn(bounds, d)) return { bounds, maximized: s.maximized }
  }
  const d = displays[0]
  return { bounds: { ...fit(s.bounds, d), x: d.x, y: d.y }, maximized: s.maximized }
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
