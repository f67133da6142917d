// The engine's own cost, for self-telemetry: CPU as % of one core since the last reading, and RSS.
export class SelfMonitor {
  private lastCpu = process.cpuUsage()
  private lastWall = performance.now()

  read(): { cpuPercent: number; rssBytes: number } {
    const cpu = process.cpuUsage()
    const wall = performance.now()
    const usedUs = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system)
    const elapsedMs = wall - this.lastWall
    this.lastCpu = cpu
    this.lastWall = wall
    return {
      cpuPercent: elapsedMs > 0 ? (usedUs / 1000 / elapsedMs) * 100 : 0,
      rssBytes: process.memoryUsage.rss(),
    }
  }
}
