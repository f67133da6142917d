// Loaded into `gapwatch serve` by bench/rest-memory.ts (node --import): on SIGUSR2 it writes V8's heap
// figures and process.memoryUsage() as JSON to $GAPWATCH_PROBE_OUT, so the benchmark can say which part
// of the engine's PSS is V8's young generation, its old generation, or memory outside V8.
//
// Plain JavaScript on purpose: a TypeScript file given to --import is stripped before bin/gapwatch.js
// turns on the compile cache, so Node loaded its TypeScript stripper (amaro, WebAssembly) into the
// measured engine for good: +9 MiB external, +20 MiB RSS that `gapwatch serve` alone does not have.
import fs from 'node:fs'
import v8 from 'node:v8'

process.on('SIGUSR2', () => {
  const out = process.env.GAPWATCH_PROBE_OUT
  if (!out) return
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { used: s.space_used_size, size: s.space_size, physical: s.physical_space_size }]))
  fs.writeFileSync(out, JSON.stringify({ memory: process.memoryUsage(), heap: v8.getHeapStatistics(), spaces }))
})
