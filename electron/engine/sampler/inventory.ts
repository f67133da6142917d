// Static inventory, collected once at start: systeminformation for CPU, OS and memory (these may
// fork helpers, which is fine once), and one short `nvidia-smi --query-gpu` run for the GPUs (falling
// back to systeminformation's graphics listing for the models when nvidia-smi is not usable).
import { execFile } from 'node:child_process'
import os from 'node:os'
import type { Inventory, InventoryGpu } from '../../../shared/inventory.ts'
import type { Gpu } from '../../../shared/sample.ts'
import { QUERY_FIELDS, parseSmiLine } from './gpu/parser.ts'
import { nvidiaSmiFailed, nvidiaSmiMissing } from './gpu/reason.ts'
import { withSiOnce, type SiGet } from './si.ts'

export interface NvidiaProbe {
  available: boolean
  reason: string | null
  gpus: Gpu[]
}

/** Runs nvidia-smi once (no loop) and parses its readings. Never rejects. */
export function probeNvidiaSmi(command = 'nvidia-smi', timeoutMs = 5000): Promise<NvidiaProbe> {
  const args = [`--query-gpu=${QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits']
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      const gpus: Gpu[] = []
      let fatal: string | null = null
      for (const line of `${String(stdout)}\n${String(stderr)}`.split('\n')) {
        const l = parseSmiLine(line)
        if (l?.kind === 'reading') gpus.push(l.gpu)
        else if (l?.kind === 'fatal') fatal ??= l.message
      }
      const code = (err as NodeJS.ErrnoException | null)?.code
      if (code === 'ENOENT' || code === 'EACCES') resolve({ available: false, reason: nvidiaSmiMissing(command, code), gpus })
      else if (gpus.length > 0) resolve({ available: true, reason: null, gpus })
      else resolve({ available: false, reason: nvidiaSmiFailed(fatal, err), gpus })
    })
  })
}

async function settle<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p
  } catch {
    return null
  }
}

export interface InventoryOptions {
  nvidiaSmi?: string
  /** Skip systeminformation's graphics listing (it forks lspci and friends). */
  skipGraphics?: boolean
}

export function collectInventory(o: InventoryOptions = {}): Promise<Inventory> {
  return withSiOnce((si) => collect(si, o))
}

async function collect(siFunction: SiGet, o: InventoryOptions): Promise<Inventory> {
  const [cpu, osInfo, mem, probe] = await Promise.all([
    settle(siFunction('cpu').then((f) => f())),
    settle(siFunction('osInfo').then((f) => f())),
    settle(siFunction('mem').then((f) => f())),
    probeNvidiaSmi(o.nvidiaSmi),
  ])
  let gpus: InventoryGpu[] = probe.gpus.map((g) => ({
    index: g.index,
    vendor: 'NVIDIA',
    model: g.name,
    memoryTotalBytes: g.memoryTotalBytes,
    source: 'nvidia-smi',
  }))
  if (gpus.length === 0 && o.skipGraphics !== true) {
    const graphics = await settle(siFunction('graphics').then((f) => f()))
    gpus = (graphics?.controllers ?? [])
      .filter((c) => c.model !== '')
      .map((c) => ({
        index: null,
        vendor: c.vendor,
        model: c.model,
        memoryTotalBytes: c.vram !== null && c.vram > 0 ? c.vram * 1024 * 1024 : null,
        source: 'systeminformation',
      }))
  }
  const logical = cpu?.cores || os.availableParallelism()
  return {
    collectedAt: Date.now(),
    hostname: osInfo?.hostname || os.hostname(),
    platform: process.platform,
    arch: osInfo?.arch || os.arch(),
    os: {
      distro: osInfo?.distro || os.type(),
      release: osInfo?.release || os.release(),
      kernel: osInfo?.kernel || os.release(),
    },
    cpu: {
      manufacturer: cpu?.manufacturer ?? '',
      model: cpu?.brand || os.cpus()[0]?.model || 'unknown',
      physicalCores: cpu?.physicalCores || logical,
      logicalCores: logical,
      speedGHz: cpu?.speed ? cpu.speed : null,
    },
    memory: { totalBytes: mem?.total || os.totalmem() },
    gpus,
    gpuAvailable: probe.available,
    gpuReason: probe.reason,
  }
}
