import fs from 'node:fs'
import path from 'node:path'

/** Whether `target` lies below `root` by its path alone (after `..`). */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

/**
 * Whether a file an article names stays in the input folder, by path and after symbolic links:
 * an article cannot pull in any file of the machine that builds it. A missing file counts as
 * inside (the reader reports it as missing).
 */
export function staysInside(root: string, file: string): boolean {
  if (!isInside(root, file)) return false
  try {
    return isInside(fs.realpathSync(root), fs.realpathSync(file))
  } catch {
    return true
  }
}
