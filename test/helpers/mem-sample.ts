// A quiet host's sample at time t whose memory is memUsedPct % used: what the alert tests feed an
// engine to make a memory rule fire or resolve.
import type { Sample } from '../../shared/sample.ts'

export function memSample(t: number, memUsedPct: number): Sample {
  const total = 16e9
  return {
    t,
    cpu: { total: 5, user: 3, system: 2, iowait: 0, steal: 0, cores: [5], load: [0.1, 0.1, 0.1] },
    memory: { totalBytes: total, usedBytes: (total * memUsedPct) / 100, availableBytes: total * (1 - memUsedPct / 100), cachedBytes: 0, swapUsedBytes: 0, swapTotalBytes: 0 },
    disk: { readBps: 0, writeBps: 0, readOps: 0, writeOps: 0 },
    network: { rxBps: 0, txBps: 0, interfaces: [] },
    gpus: [],
    telemetry: { collectorsMs: {}, tickMs: 1 },
  }
}
