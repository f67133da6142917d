// Value axes for byte quantities: ticks at round binary values (1, 2, 4, 8 GiB for sizes; 50, 100,
// 200 MiB/s for rates) and one unit per axis, picked from the axis maximum, so "1000 B/s" never
// sits next to "2.0 KiB/s". Pure, shared by the live and history charts.

export const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/** Sizes step in powers of two of a unit; rates in 1-2-5 steps of a unit (binary units both). */
export type ByteAxisKind = 'bytes' | 'rate'

const LADDER: Record<ByteAxisKind, readonly number[]> = {
  bytes: [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
  rate: [0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500],
}

export interface ByteAxis {
  /** Index into BYTE_UNITS: every tick is printed in this unit. */
  unit: number
  /** Distance between ticks, bytes. */
  step: number
  /** The axis top: the first tick at or above the data maximum, bytes. */
  max: number
  /** 0, step, 2·step … max, bytes. */
  ticks: number[]
  /** Decimals every label is printed with (the step's, in the unit). */
  digits: number
}

/**
 * The axis for data up to `dataMax` bytes with at most `maxIntervals` steps. The unit is the
 * largest one the maximum reaches (1.2 MiB → MiB); an empty or idle (< 64 B) series gets a 0–1 KiB axis.
 */
export function byteAxis(dataMax: number, kind: ByteAxisKind, maxIntervals = 4): ByteAxis {
  // Chart.js gives a flat zero series a 0–1 range: below 64 B the axis is an idle 0–1 KiB one.
  const top = Number.isFinite(dataMax) && dataMax >= 64 ? dataMax : 1024
  let unit = 0
  while (unit < BYTE_UNITS.length - 1 && top >= 1024 ** (unit + 1)) unit++
  const base = 1024 ** unit
  const ladder = LADDER[kind]
  let m = ladder[ladder.length - 1]
  for (const candidate of ladder) {
    // Below one byte a step means nothing.
    if (candidate * base < 1) continue
    if (Math.ceil(top / (candidate * base) - 1e-9) <= maxIntervals) {
      m = candidate
      break
    }
  }
  const step = m * base
  const n = Math.max(1, Math.ceil(top / step - 1e-9))
  const ticks = Array.from({ length: n + 1 }, (_, i) => i * step)
  const digits = Number.isInteger(m) ? 0 : m * 10 === Math.round(m * 10) ? 1 : 2
  return { unit, step, max: n * step, ticks, digits }
}

/** One tick's label in the axis' unit, without trailing zeros: 512 MiB on a GiB axis is "0.5 GiB". */
export function formatAxisBytes(axis: ByteAxis, v: number, perSecond: boolean): string {
  const fixed = (v / 1024 ** axis.unit).toFixed(axis.digits)
  const n = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
  return `${n} ${BYTE_UNITS[axis.unit]}${perSecond ? '/s' : ''}`
}

/** An axis of whole things (jobs, workers, files): ticks at integers only. */
export interface CountAxis {
  step: number
  max: number
  ticks: number[]
}

const COUNT_LADDER = [1, 2, 5] as const

/**
 * Ticks for counts up to `dataMax`: whole steps of 1, 2, 5, 10, 20, 50 … with at most
 * `maxIntervals` steps, from 0 to the first tick at or above the maximum (at least 0–1), so an
 * axis of 3 jobs reads 0, 1, 2, 3 and never 0.5 or 2.5.
 */
export function countAxis(dataMax: number, maxIntervals = 4): CountAxis {
  const top = Number.isFinite(dataMax) && dataMax > 0 ? dataMax : 1
  let step = 1
  for (let decade = 1; ; decade *= 10) {
    const found = COUNT_LADDER.map((m) => m * decade).find((s) => Math.ceil(top / s - 1e-9) <= maxIntervals)
    if (found !== undefined) {
      step = found
      break
    }
  }
  const n = Math.max(1, Math.ceil(top / step - 1e-9))
  return { step, max: n * step, ticks: Array.from({ length: n + 1 }, (_, i) => i * step) }
}
