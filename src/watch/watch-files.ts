import fs from 'node:fs'
import path from 'node:path'
import {isStylePath} from '../cite/styles.ts'
import type {Options} from '../config/options.ts'

/** A folder to watch: everything below it, or only the files named. */
export interface WatchTarget {
  dir: string
  recursive: boolean
  /** Base names to react to; all files when absent. */
  names?: Set<string>
}

/**
 * What a build reads, as folders to watch: each input folder (an article's images and front matter
 * bibliographies must lie inside it), a single input file's folder (for the same reason), the
 * templates, and the config, bibliography and style files the options name. Files are watched through
 * their folder, by name: editors save by writing a new file and renaming it over the old one, and a
 * watch on the old file would end with it.
 */
export function watchTargets(options: Readonly<Options>, configFile: string): WatchTarget[] {
  const targets = new Map<string, WatchTarget>()
  const everything = (dir: string) => targets.set(`r:${dir}`, {dir, recursive: true})
  const named = (file: string) => {
    const dir = path.dirname(file)
    const target = targets.get(`n:${dir}`) ?? {dir, recursive: false, names: new Set<string>()}
    target.names!.add(path.basename(file))
    targets.set(`n:${dir}`, target)
  }
  for (const input of options.inputs) everything(isFolder(input) ? input : path.dirname(input))
  everything(options.templates)
  named(configFile)
  for (const file of options.bibliography) named(file)
  if (isStylePath(options.csl)) named(options.csl)
  return [...targets.values()]
}

/**
 * Changes no build depends on: the output folder (the build's own writes would start the next one),
 * temporary and backup files (folio's `*.tmp-*`, Emacs's `.#x` and `x~`, Vim's `.x.swp` and its `4913`
 * probe), and dot-folders and node_modules, where folio finds no articles.
 */
export function isIgnored(file: string, target: WatchTarget, out: string): boolean {
  const fromOut = path.relative(out, file)
  if (fromOut === '' || (!fromOut.startsWith('..') && !path.isAbsolute(fromOut))) return true
  const name = path.basename(file)
  if (target.names) return !target.names.has(name)
  if (/\.tmp-|~$|\.sw[a-px]$|^4913$/.test(name)) return true
  return path.relative(target.dir, file).split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules')
}

/**
 * One non-recursive fs watcher per folder, for every folder below a recursive target (dot-folders,
 * node_modules and the output folder left out) and each named target's folder. Not
 * `fs.watch(dir, {recursive: true})`: on Linux, Node 20 follows each file's inode there, so after an
 * editor's first save by rename it misses every later save of that file. A folder's own watch reports
 * each name written or renamed into it, whatever its inode. `update()` walks the trees again before
 * every build, so folders created or removed since are picked up before the build reads them.
 */
export class FileWatcher {
  private readonly folders = new Map<string, fs.FSWatcher>()
  private targets: readonly WatchTarget[] = []
  private out = ''

  constructor(
    private readonly onChange: (file: string) => void,
    private readonly onError: (error: Error) => void
  ) {}

  /** Watch exactly `targets`, ignoring changes inside `out`. */
  update(targets: readonly WatchTarget[], out: string): void {
    this.targets = targets
    this.out = out
    const wanted = new Set(targets.flatMap((t) => (t.recursive ? folderTree(t.dir, out) : [t.dir])))
    for (const [dir, watcher] of this.folders) {
      if (!wanted.has(dir)) {
        watcher.close()
        this.folders.delete(dir)
      }
    }
    for (const dir of wanted) if (!this.folders.has(dir)) this.open(dir)
  }

  close(): void {
    for (const watcher of this.folders.values()) watcher.close()
    this.folders.clear()
  }

  private open(dir: string): void {
    let watcher: fs.FSWatcher
    try {
      watcher = fs.watch(dir, (_event, name) => {
        // Without a name (some platforms), something in the folder changed: rebuild.
        const file = name ? path.join(dir, name.toString()) : dir
        if (this.targets.some((t) => covers(t, dir) && !isIgnored(file, t, this.out))) this.onChange(file)
      })
    } catch (error) {
      // A folder that does not exist (yet) has nothing to watch; the build reports a missing input.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return
      this.onError(new Error(`Cannot watch ${dir}: ${(error as Error).message}`, {cause: error}))
      return
    }
    watcher.on('error', () => {
      // The folder went away; the next update() watches it again if it comes back.
      watcher.close()
      this.folders.delete(dir)
      this.onChange(dir)
    })
    this.folders.set(dir, watcher)
  }
}

/** Whether events in folder `dir` concern `target`. */
function covers(target: WatchTarget, dir: string): boolean {
  if (!target.recursive) return dir === target.dir
  const relative = path.relative(target.dir, dir)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/** `root` and every folder below it, leaving out dot-folders, node_modules and the output folder. */
export function folderTree(root: string, out: string): string[] {
  if (!isFolder(root)) return []
  const found = [root]
  for (let i = 0; i < found.length; i++) {
    let entries
    try {
      entries = fs.readdirSync(found[i]!, {withFileTypes: true})
    } catch {
      continue // removed while walking
    }
    for (const entry of entries) {
      const dir = path.join(found[i]!, entry.name)
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules' && dir !== out) found.push(dir)
    }
  }
  return found
}

function isFolder(file: string): boolean {
  return fs.statSync(file, {throwIfNoEntry: false})?.isDirectory() ?? false
}
