// The reason the Overview shows when there is no GPU chart is in words, never a bare errno.
import { describe, expect, it } from 'vitest'
import { nvidiaSmiFailed, nvidiaSmiMissing } from '../../../../electron/engine/sampler/gpu/reason.ts'
import { probeNvidiaSmi } from '../../../../electron/engine/sampler/inventory.ts'
import { NO_GPU, fakeNvidiaSmi } from '../../../helpers/gpu.ts'

describe('GPU unavailable reasons', () => {
  it('a missing nvidia-smi reads "No NVIDIA GPU found", without ENOENT', async () => {
    const probe = await probeNvidiaSmi(NO_GPU)
    expect(probe.available).toBe(false)
    expect(probe.reason).toMatch(/^No NVIDIA GPU found/)
    expect(probe.reason).not.toMatch(/ENOENT|EACCES/)
    expect(nvidiaSmiMissing('/usr/bin/nvidia-smi', 'EACCES')).toMatch(/permission denied/)
  })

  it("passes on the driver's own failure message", async () => {
    const probe = await probeNvidiaSmi(fakeNvidiaSmi('driver-failure.txt'))
    expect(probe.available).toBe(false)
    expect(probe.reason).toMatch(/couldn't communicate with the NVIDIA driver/)
  })

  it('says how nvidia-smi ended when it printed nothing useful', () => {
    expect(nvidiaSmiFailed(null, Object.assign(new Error('Command failed: nvidia-smi'), { code: 9 }))).toBe('nvidia-smi failed (exit code 9) without saying why.')
    expect(nvidiaSmiFailed(null, Object.assign(new Error('x'), { killed: true, signal: 'SIGTERM' }))).toMatch(/did not answer in time/)
    expect(nvidiaSmiFailed(null, null)).toMatch(/^No NVIDIA GPU found/)
  })
})
