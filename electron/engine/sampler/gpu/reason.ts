// Why there are no GPU metrics, in the words a trader reads on the Overview (never a bare errno).

/** nvidia-smi could not be started: not installed (ENOENT) or not executable (EACCES). */
export function nvidiaSmiMissing(command: string, code: string | undefined): string {
  if (code === 'EACCES') return `No NVIDIA GPU monitoring: ${command} was found but may not be run (permission denied).`
  return "No NVIDIA GPU found: nvidia-smi, the NVIDIA driver's tool, was not found on this machine."
}

/** nvidia-smi ran but gave no reading: its own message when it printed one, else how it ended. */
export function nvidiaSmiFailed(fatal: string | null, err: (Error & { code?: unknown; signal?: unknown; killed?: boolean }) | null): string {
  if (fatal !== null) return fatal
  if (err === null) return 'No NVIDIA GPU found: nvidia-smi reported no GPU.'
  if (err.killed === true || typeof err.signal === 'string') return 'nvidia-smi did not answer in time (stopped after 5 s).'
  if (typeof err.code === 'number') return `nvidia-smi failed (exit code ${err.code}) without saying why.`
  return `nvidia-smi could not be run: ${err.message}`
}
