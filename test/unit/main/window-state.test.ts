// The window's saved place is kept only where its title bar can be grabbed on a display, and its size
// is cut to that display: a window-state.json of {x:1919, y:1079, width:1000000} (the screen's last
// pixel, a million pixels wide) was once restored as it was. Pure functions of the file and the
// displays' work areas (no Electron needed).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadWindowState, saveWindowState, MIN_VISIBLE_TITLE_BAR } from '../../../electron/main/window-state.ts'
import { tempDir } from '../../helpers/temp.ts'

const FULL_HD = { x: 0, y: 0, width: 1920, height: 1080 }
/** A second display to the right of the first, lower down. */
const RIGHT = { x: 1920, y: 200, width: 2560, height: 1440 }

function load(bounds: { x: number; y: number; width: number; height: number }, displays = [FULL_HD], maximized = false) {
  const dir = tempDir('gw-win-state-')
  saveWindowState(dir, { bounds, maximized })
  return loadWindowState(dir, displays)
}

describe('loadWindowState', () => {
  it('moves a window with only a pixel on screen to the display’s corner, cut to its size', () => {
    expect(load({ x: 1919, y: 1079, width: 1_000_000, height: 800 })).toEqual({ bounds: { x: 0, y: 0, width: 1920, height: 800 }, maximized: false })
  })

  it('keeps a place whose title bar shows enough to grab, and moves one that shows less', () => {
    const { width, height } = MIN_VISIBLE_TITLE_BAR
    expect(load({ x: 1920 - width, y: 1080 - height, width: 1200, height: 800 })?.bounds).toEqual({ x: 1920 - width, y: 1080 - height, width: 1200, height: 800 })
    expect(load({ x: 1920 - width + 1, y: 100, width: 1200, height: 800 })?.bounds).toEqual({ x: 0, y: 0, width: 1200, height: 800 })
    // The title bar above the screen's top cannot be grabbed, however much of the window shows.
    expect(load({ x: 100, y: -10, width: 1200, height: 800 })?.bounds).toEqual({ x: 0, y: 0, width: 1200, height: 800 })
    // Left of the screen with its right end showing.
    expect(load({ x: -1100, y: 100, width: 1200, height: 800 })?.bounds).toEqual({ x: -1100, y: 100, width: 1200, height: 800 })
  })

  it('cuts a size larger than the display to its work area, keeping a usable place', () => {
    expect(load({ x: 100, y: 50, width: 5000, height: 3000 }, [FULL_HD], true)).toEqual({ bounds: { x: 100, y: 50, width: 1920, height: 1080 }, maximized: true })
  })

  it('keeps a window on a second display, cut to that display', () => {
    expect(load({ x: 2000, y: 300, width: 3000, height: 1000 }, [FULL_HD, RIGHT])?.bounds).toEqual({ x: 2000, y: 300, width: 2560, height: 1000 })
    // The same place with the second display unplugged: back on the first.
    expect(load({ x: 2000, y: 300, width: 3000, height: 1000 }, [FULL_HD])?.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1000 })
  })

  it('ignores a file with a bad value (the default place is used)', () => {
    const dir = tempDir('gw-win-state-')
    for (const bad of ['{not json', '{"bounds":{"x":"1","y":0,"width":1200,"height":800}}', '{"bounds":{"x":0,"y":0,"width":100,"height":800}}', '{"bounds":{"x":1e300,"y":0,"width":1200,"height":800}}']) {
      fs.writeFileSync(path.join(dir, 'window-state.json'), bad)
      expect(loadWindowState(dir, [FULL_HD]), bad).toBeNull()
    }
    expect(loadWindowState(dir, [])).toBeNull()
  })
})
