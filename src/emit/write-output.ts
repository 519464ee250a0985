import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type {Output} from '../types.ts'

export interface OutputFile {
  /** Relative to the output folder. */
  name: string
  data: Uint8Array | string
}

/**
 * Write `data` to `outDir/name` atomically: a temporary file in the same folder, then a rename,
 * so a crash or Ctrl-C never leaves a half-written output and a failure keeps the old one.
 */
export async function writeOutput(outDir: string, name: string, data: Uint8Array | string): Promise<Output> {
  const [output] = await writeOutputs(outDir, [{name, data}])
  return output!
}

/**
 * Write `data` unless the file already holds exactly it: an unchanged index or manifest keeps its
 * modification time, so an archive sync or a watching browser sees no change.
 */
export async function writeIfChanged(outDir: string, name: string, data: string): Promise<void> {
  try {
    if ((await fs.readFile(path.join(outDir, name), 'utf8')) === data) return
  } catch {
    // missing or unreadable: written below
  }
  await writeOutput(outDir, name, data)
}

/**
 * Write several files as one step: every file goes to a temporary name first, and only when all
 * are written are they renamed into place, each old version kept (hard-linked) until every rename
 * worked. If anything fails, each target is as it was before and no temporary file is left.
 * Only a process killed during the renames themselves (microseconds) can leave some files new and
 * some old; then the old versions are still there as `*.tmp-*-previous`.
 */
export async function writeOutputs(outDir: string, files: readonly OutputFile[]): Promise<Output[]> {
  const staged = files.map(({name, data}) => {
    const target = path.join(outDir, name)
    const temporary = `${target}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`
    return {name, target, temporary, previous: `${temporary}-previous`, kept: false, bytes: typeof data === 'string' ? Buffer.from(data, 'utf8') : data}
  })
  const clean = async () => {
    for (const file of staged) {
      await fs.rm(file.temporary, {force: true})
      if (file.kept) await fs.rm(file.previous, {force: true})
    }
  }
  // 1. Every new version to its temporary name, every old version kept beside it.
  let current = staged[0]
  try {
    for (current of staged) await fs.writeFile(current.temporary, current.bytes)
    for (current of staged) current.kept = await keep(current.target, current.previous)
  } catch (error) {
    await clean()
    throw new Error(`Cannot write ${current!.target}: ${(error as Error).message}`, {cause: error})
  }
  // 2. All renames, or none: a failed one puts back what the earlier ones replaced.
  const renamed: typeof staged = []
  for (const file of staged) {
    try {
      await fs.rename(file.temporary, file.target)
      renamed.push(file)
    } catch (error) {
      const stuck = await rollBack(renamed)
      await clean()
      const note = stuck.length > 0 ? `; could not put back the previous ${stuck.join(', ')}` : ''
      throw new Error(`Cannot write ${file.target}: ${(error as Error).message}${note}`, {cause: error})
    }
  }
  for (const file of staged) if (file.kept) await fs.rm(file.previous, {force: true}).catch(() => {})
  return staged.map(({name, bytes}) => ({
    path: name.split(path.sep).join('/'),
    bytes: bytes.byteLength,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex')
  }))
}

/** Keep the file at `target` (if any) under the name `previous`, without moving it; false if there is none. */
async function keep(target: string, previous: string): Promise<boolean> {
  try {
    await fs.link(target, previous)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return false
    // Folders that cannot hard-link (some network or FAT file systems) get a copy; a folder in the
    // target's place fails here, before anything is replaced.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw error
    await fs.copyFile(target, previous, fs.constants.COPYFILE_EXCL)
    return true
  }
}

/** Undo renames, newest first: the previous version back in place, or the new file removed. Returns what could not be undone. */
async function rollBack(renamed: ReadonlyArray<{target: string; previous: string; kept: boolean}>): Promise<string[]> {
  const stuck: string[] = []
  for (const file of [...renamed].reverse()) {
    try {
      if (file.kept) {
        await fs.rename(file.previous, file.target)
        file.kept = false
      } else {
        await fs.rm(file.target, {force: true})
      }
    } catch {
      stuck.push(file.kept ? `${file.target} (kept as ${file.previous})` : file.target)
      file.kept = false // leave the copy for the user
    }
  }
  return stuck
}
