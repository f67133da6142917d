// Static host inventory, collected once when the engine starts: what the machine is, as opposed to
// what it is doing (shared/sample.ts).
import { z } from 'zod'

export const InventoryGpuSchema = z.object({
  /** nvidia-smi index; null when the GPU comes from the generic graphics listing. */
  index: z.number().int().nullable(),
  vendor: z.string(),
  model: z.string(),
  memoryTotalBytes: z.number().nullable(),
  source: z.enum(['nvidia-smi', 'systeminformation']),
})
export type InventoryGpu = z.infer<typeof InventoryGpuSchema>

export const InventorySchema = z.object({
  /** Epoch ms. */
  collectedAt: z.number(),
  hostname: z.string(),
  /** Node's platform name: linux, win32, darwin… */
  platform: z.string(),
  arch: z.string(),
  os: z.object({
    distro: z.string(),
    release: z.string(),
    kernel: z.string(),
  }),
  cpu: z.object({
    manufacturer: z.string(),
    model: z.string(),
    physicalCores: z.number().int(),
    logicalCores: z.number().int(),
    /** Base clock; null when unknown. */
    speedGHz: z.number().nullable(),
  }),
  memory: z.object({ totalBytes: z.number() }),
  gpus: z.array(InventoryGpuSchema),
  /** Whether live NVIDIA GPU metrics can be sampled (nvidia-smi present and answering). */
  gpuAvailable: z.boolean(),
  /** Why not, when gpuAvailable is false. */
  gpuReason: z.string().nullable(),
})
export type Inventory = z.infer<typeof InventorySchema>
