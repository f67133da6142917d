// The ATR period had no maximum: both FVG paths sum the last `period` true ranges per candidate gap,
// so period 75,000 over 150k candles froze the engine thread for 217 s (replay), and 2**31 made the
// streaming detector allocate a 16 GB ring. Every path now refuses a period above MAX_ATR_PERIOD.
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../electron/engine/engine.ts'
import { FvgStream, resolveFvgOptions } from '../../electron/engine/fvg/index.ts'
import { FvgOptionsSchema, MAX_ATR_PERIOD } from '../../shared/fvg.ts'
import { ScanStartParamsSchema } from '../../shared/scanner.ts'
import { defaultSettings, SettingsPatchSchema, SettingsSchema } from '../../shared/settings.ts'
import { NO_GPU } from '../helpers/gpu.ts'
import { tempDir } from '../helpers/temp.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const atr = (period: number) => ({ kind: 'atr' as const, multiple: 0, period })

describe('ATR period bound', () => {
  it('is at most 1,000 in the shared schema, on every path that reads FVG options, naming the field', () => {
    expect(MAX_ATR_PERIOD).toBe(1000)
    for (const period of [MAX_ATR_PERIOD + 1, 75_000, 2 ** 31, 1e15]) {
      const s = SettingsSchema.safeParse({ ...defaultSettings, scan: { ...defaultSettings.scan, minGap: atr(period) } })
      expect(s.success).toBe(false)
      expect(s.error!.issues.map((i) => i.path.join('.'))).toEqual(['scan.minGap.period'])
      expect(SettingsPatchSchema.safeParse({ scan: { ...defaultSettings.scan, minGap: atr(period) } }).success).toBe(false)
      const scan = ScanStartParamsSchema.safeParse({ options: { minGap: atr(period) } })
      expect(scan.success).toBe(false)
      expect(scan.error!.issues[0].path.join('.')).toBe('options.minGap.period')
      expect(FvgOptionsSchema.safeParse({ minGap: atr(period) }).success).toBe(false)
      // The detector refuses before allocating its `period`-long ring (2**31 was 16 GB).
      expect(() => resolveFvgOptions({ minGap: atr(period) })).toThrow(/period/)
      expect(() => new FvgStream({ minGap: atr(period) })).toThrow(/period/)
    }
    expect(resolveFvgOptions({ minGap: atr(MAX_ATR_PERIOD) }).atrPeriod).toBe(MAX_ATR_PERIOD)
  })

  it('setSettings refuses period 75,000 naming scan.minGap.period and keeps the saved settings', async () => {
    const dataDir = tempDir('gw-atr-')
    dirs.push(dataDir)
    const engine = new Engine({ dataDir, scanOnFirstRun: false, nvidiaSmi: NO_GPU })
    try {
      const before = await engine.call('getSettings', {})
      await expect(engine.call('setSettings', { scan: { ...defaultSettings.scan, minGap: atr(75_000) } }))
        .rejects.toThrow(/scan\.minGap\.period/)
      expect(await engine.call('getSettings', {})).toEqual(before)
      const ok = (await engine.call('setSettings', { scan: { ...defaultSettings.scan, minGap: atr(MAX_ATR_PERIOD) } })) as typeof defaultSettings
      expect(ok.scan.minGap).toEqual(atr(MAX_ATR_PERIOD))
    } finally {
      await engine.stop()
    }
  })
})
