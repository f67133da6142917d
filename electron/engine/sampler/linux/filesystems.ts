// Filesystem usage: mounts from /proc/mounts filtered to local on-disk filesystems, sized with
// statfs(2) (one syscall per mount, no fork). Network filesystems (nfs, cifs, sshfs…) are left out
// on purpose: statfs on a dead server blocks the event loop. A device mounted several times (bind
// mounts, btrfs subvolumes) is listed once, at its first mount. The root mount is always included
// (it may be an overlay in a container). size = blocks × bsize; used = (blocks − bfree) × bsize;
// available = bavail × bsize (what is not reserved for root), as df(1) counts them.
import { fs } from '../../builtins.ts'
import path from 'node:path'
import type { Filesystem } from '../../../../shared/sample.ts'

export interface MountEntry {
  device: string
  mount: string
  type: string
}

export const REAL_FS_TYPES: ReadonlySet<string> = new Set([
  'ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'bcachefs', 'jfs', 'reiserfs',
  'vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk', 'hfsplus', 'udf', 'nilfs2',
])

/** /proc/mounts escapes space, tab, newline and backslash as 3-digit octal. */
function unescapeMount(s: string): string {
  return s.includes('\\') ? s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))) : s
}

export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = []
  for (const line of text.split('\n')) {
    const [device, mount, type] = line.split(' ', 3)
    if (device === undefined || mount === undefined || type === undefined) continue
    out.push({ device: unescapeMount(device), mount: unescapeMount(mount), type })
  }
  return out
}

export function realMounts(entries: MountEntry[]): MountEntry[] {
  const seen = new Set<string>()
  const out: MountEntry[] = []
  for (const e of entries) {
    if (!(REAL_FS_TYPES.has(e.type) || e.mount === '/') || seen.has(e.device) || seen.has(`mount:${e.mount}`)) continue
    seen.add(e.device)
    seen.add(`mount:${e.mount}`)
    out.push(e)
  }
  return out
}

export interface StatfsLike {
  bsize: number
  blocks: number
  bfree: number
  /** Free blocks an unprivileged process may use (bfree less the root reserve). */
  bavail: number
}

export type StatfsFn = (mount: string) => StatfsLike

export class FilesystemCollector {
  private readonly mountsPath: string
  private readonly statfs: StatfsFn

  constructor(procRoot: string, statfs: StatfsFn = (m) => fs.statfsSync(m)) {
    this.mountsPath = path.join(procRoot, 'mounts')
    this.statfs = statfs
  }

  collect(): Filesystem[] {
    const out: Filesystem[] = []
    for (const m of realMounts(parseMounts(fs.readFileSync(this.mountsPath, 'utf8')))) {
      let st: StatfsLike
      try {
        st = this.statfs(m.mount)
      } catch {
        continue // unmounted meanwhile, or not permitted
      }
      if (!(st.blocks > 0)) continue
      out.push({
        mount: m.mount,
        device: m.device,
        type: m.type,
        sizeBytes: st.blocks * st.bsize,
        usedBytes: Math.max(0, st.blocks - st.bfree) * st.bsize,
        availableBytes: Math.max(0, Math.min(st.bavail, st.bfree)) * st.bsize,
      })
    }
    return out
  }
}
