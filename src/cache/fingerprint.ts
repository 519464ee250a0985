import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {type Options, packageRoot} from '../config/options.ts'

/**
 * Everything besides an article's own files that decides its outputs: folio's code and data
 * (patterns, shipped styles, templates), the installed dependencies, Node, the options that change
 * output bytes, the system folders folio reads by name, and (for PDFs) the system's font caches.
 * A change to any of them rebuilds every article. Files are identified by path, size and mtime:
 * cheap to check, and a package upgrade or an edit always changes one of them.
 */
export function toolchainFingerprint(options: Options, env: NodeJS.ProcessEnv = process.env): string {
  const hash = crypto.createHash('sha256')
  const add = (label: string, value: unknown) => hash.update(`${label}\u0000${JSON.stringify(value) ?? ''}\u0001`)
  add('version', readVersion())
  add('node', process.version)
  // Code and data as shipped: src/ (patterns, CSL styles and locales live there), lib/ when compiled.
  for (const folder of ['src', 'lib', 'templates']) add(folder, treeStamp(path.join(packageRoot, folder)))
  // The dependencies as installed: npm rewrites its lock on every install.
  for (const lock of [path.join(packageRoot, 'node_modules/.package-lock.json'), path.join(packageRoot, '../.package-lock.json'), path.join(packageRoot, 'package-lock.json')]) {
    add(lock, fileStamp(lock))
  }
  add('templates', treeStamp(options.templates))
  // Debian's CSL styles, found by name: a package upgrade replaces files and so touches the folders.
  for (const folder of ['/usr/share/citation-style-language/styles', '/usr/share/citation-style-language/styles/dependent']) {
    add(folder, fileStamp(folder))
  }
  // A PDF takes the glyphs the bundled fonts lack from the system's fonts, which Chromium finds
  // through fontconfig: its caches are rewritten when fonts are added, removed or replaced.
  if (options.formats.includes('pdf')) for (const folder of fontCaches(env)) add(folder, treeStamp(folder))
  add('options', {
    // In the order given: it orders the HTML page's download links.
    formats: options.formats,
    lang: options.lang,
    typography: options.typography,
    print: options.print,
    notes: options.notes,
    allowRemote: options.allowRemote,
    bibliography: options.bibliography,
    csl: options.csl,
    // Only PDFs carry attachments: an EPUB-only build need not rebuild when the switch flips.
    attachSource: options.formats.includes('pdf') ? options.attachSource : null,
    // Only EPUBs have covers.
    covers: options.formats.includes('epub') ? options.covers : null,
    browser: options.browserEndpoint ?? options.browser ?? env.PUPPETEER_EXECUTABLE_PATH ?? null
  })
  add('SOURCE_DATE_EPOCH', env.SOURCE_DATE_EPOCH ?? null)
  return hash.digest('hex')
}

function fontCaches(env: NodeJS.ProcessEnv): string[] {
  const user = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache')
  return ['/var/cache/fontconfig', path.join(user, 'fontconfig')]
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {version?: string}).version ?? ''
  } catch {
    return ''
  }
}

/** Size and modification time of a file or folder; null when it does not exist. */
export function fileStamp(file: string): [number, number] | null {
  try {
    const stat = fs.statSync(file)
    return [stat.size, stat.mtimeMs]
  } catch {
    return null
  }
}

/** Stamps of every file under `folder`, sorted by path; a symlink's of the file it leads to, and where. */
function treeStamp(folder: string): Array<[string, [number, number] | null, string?]> {
  const stamps: Array<[string, [number, number] | null, string?]> = []
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(folder, {withFileTypes: true, recursive: true})
  } catch {
    return stamps
  }
  for (const entry of entries) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name)
    if (entry.isFile()) stamps.push([path.relative(folder, file), fileStamp(file)])
    // A template linked from elsewhere (a shared brand folder) is read through its link.
    else if (entry.isSymbolicLink()) stamps.push([path.relative(folder, file), fileStamp(file), realPath(file)])
  }
  return stamps.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file)
  } catch {
    return '' // a dangling link
  }
}
