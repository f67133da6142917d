// nvidia-smi for tests, never the one in PATH: NO_GPU is a path that does not exist (the machine
// has no NVIDIA driver), fakeNvidiaSmi() an executable that answers like nvidia-smi with a recorded
// fixture (test/fixtures/nvidia-smi/fake-nvidia-smi.mjs), both as the inventory's one-shot probe and
// as the sampler's `-lms` stream.
import fs from 'node:fs'
import path from 'node:path'
import { tempDir } from './temp.ts'

export const NVIDIA_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/nvidia-smi')

export const NO_GPU = path.join(NVIDIA_FIXTURES, 'not-installed', 'nvidia-smi')

/** An executable `nvidia-smi` replaying `fixture` (a file in test/fixtures/nvidia-smi); removed after the test file. */
export function fakeNvidiaSmi(fixture = 'one-gpu.csv'): string {
  const file = path.join(tempDir('gw-fake-gpu-'), 'nvidia-smi')
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`
  const script = [
    '#!/bin/sh',
    `FAKE_SMI_FIXTURE=${q(path.join(NVIDIA_FIXTURES, fixture))} exec ${q(process.execPath)} ${q(path.join(NVIDIA_FIXTURES, 'fake-nvidia-smi.mjs'))} "$@"`,
    '',
  ].join('\n')
  fs.writeFileSync(file, script, { mode: 0o755 })
  return file
}

/** The readings of a fixture, as lines split into fields (for assertions). */
export function fixtureReadings(fixture = 'one-gpu.csv'): string[][] {
  return fs
    .readFileSync(path.join(NVIDIA_FIXTURES, fixture), 'utf8')
    .split('\n')
    .filter((l) => /^\d+,/.test(l))
    .map((l) => l.split(',').map((f) => f.trim()))
}
