// Draws the app and tray icons (three candles with a gap between the first and the third) as
// PNGs: `node resources/icons/draw-icons.ts`. Kept here so the icons can be redrawn, not hand-edited.
// The tray has one icon per alert state (tray-ok, tray-warning, tray-critical, each also @2x).
import fs from 'node:fs'
import zlib from 'node:zlib'

function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4)
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** Three candles in unit coordinates: [x0, x1, bodyTop, bodyBottom]; the gap sits between 1 and 3. */
const candles: Array<[number, number, number, number]> = [
  [0.14, 0.34, 0.62, 0.86],
  [0.4, 0.6, 0.2, 0.8],
  [0.66, 0.86, 0.14, 0.4],
]
const teal: [number, number, number, number] = [20, 184, 166, 255]
const amber: [number, number, number, number] = [245, 158, 11, 110]

/** The tray's alert states: the mark with a dot in the lower right corner (green, amber, red). */
const STATES: Array<[string, [number, number, number, number]]> = [
  ['ok', [34, 197, 94, 255]],
  ['warning', [245, 158, 11, 255]],
  ['critical', [239, 68, 68, 255]],
]
const DOT = { cx: 0.78, cy: 0.78, r: 0.2, ring: 0.07 }

function draw(size: number, background: boolean, dot?: [number, number, number, number]) {
  return png(size, (px, py) => {
    const x = (px + 0.5) / size
    const y = (py + 0.5) / size
    if (dot) {
      const d = Math.hypot(x - DOT.cx, y - DOT.cy)
      if (d <= DOT.r) return dot
      if (d <= DOT.r + DOT.ring) return [0, 0, 0, 0] // a clear ring parts the dot from the candles
    }
    for (const [x0, x1, t, b] of candles) if (x >= x0 && x <= x1 && y >= t && y <= b) return teal
    if (y > 0.4 && y < 0.62 && x > 0.08 && x < 0.92) return amber // the fair value gap
    if (!background) return [0, 0, 0, 0]
    const r = 0.2
    const dx = Math.max(r - x, 0, x - (1 - r))
    const dy = Math.max(r - y, 0, y - (1 - r))
    return dx * dx + dy * dy <= r * r ? [17, 24, 39, 255] : [0, 0, 0, 0]
  })
}

const dir = new URL('./', import.meta.url)
fs.writeFileSync(new URL('icon.png', dir), draw(1024, true)) // electron-builder wants ≥ 512; macOS and Linux stores 1024
for (const [state, colour] of STATES) {
  fs.writeFileSync(new URL(`tray-${state}.png`, dir), draw(22, false, colour))
  fs.writeFileSync(new URL(`tray-${state}@2x.png`, dir), draw(44, false, colour))
}
