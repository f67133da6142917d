// /proc readers for the benchmarks: the engine's own, so both read the same fields.
export { readProcIo, readProcess, type ProcIo } from '../electron/engine/proc.ts'
