import fs from 'node:fs'
import path from 'node:path'

const lockName = '.folio.lock'

/**
 * Take the output folder for this build, so two builds into one folder cannot interleave their
 * writes: a second one is refused while the first runs. A lock left by a process that no longer
 * exists (killed) is taken over. Returns the release function.
 */
export function lockOutput(outDir: string): () => void {
  const file = path.join(outDir, lockName)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, {flag: 'wx'})
      return () => fs.rmSync(file, {force: true})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10)
      if (isRunning(pid)) {
        throw new Error(`Cannot build into ${outDir}: another folio build (process ${pid}) is writing there; wait for it, or remove ${file} if it is not running`)
      }
      fs.rmSync(file, {force: true})
    }
  }
  throw new Error(`Cannot lock ${outDir}: ${file} keeps reappearing`)
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
