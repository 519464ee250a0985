import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type {Options} from '../config/options.ts'
import type {Article, DocumentRecord} from '../types.ts'
import {writeOutput} from '../emit/write-output.ts'
import {restoreMessage, saveMessage, type SavedMessage} from '../diagnostics/messages.ts'
import {fileStamp, toolchainFingerprint} from './fingerprint.ts'

/** Where the cache lives: beside the outputs it describes, so it can never describe other files. */
export const cacheName = '.folio/cache.json'
const cacheVersion = 1

interface Stamp {
  size: number
  mtimeMs: number
}

interface Dependency extends Stamp {
  path: string
  sha256: string
}

interface Entry {
  key: string
  dependencies: Dependency[]
  /** The browser that printed the PDF, when there is one: an upgrade changes the layout. */
  browser?: Stamp & {path: string}
  /** Every output as written: a file changed or removed since then means a rebuild. */
  outputs: Record<string, Stamp>
  record: DocumentRecord
  messages: SavedMessage[]
}

interface CacheFile {
  version: number
  entries: Record<string, Entry>
}

/**
 * The incremental build: an article whose source, dependencies (images, bibliographies, a style
 * file), toolchain (folio, its dependencies, templates, options, Node) and outputs are all as
 * they were when it was last built is not built again; its record and messages come from here.
 * Keys are content hashes; size and mtime only decide when a file must be hashed again.
 */
export class BuildCache {
  private readonly entries: Record<string, Entry>
  private readonly toolchain: string
  private readonly digests = new Map<string, Dependency | undefined>()

  private constructor(private readonly out: string, private readonly options: Options, previous: CacheFile | undefined) {
    this.entries = previous?.entries ?? {}
    this.toolchain = toolchainFingerprint(options)
  }

  /** The cache of `options.out`; with `read` false (`--no-cache`) every article is built, and recorded. */
  static open(options: Options, read: boolean): BuildCache {
    let previous: CacheFile | undefined
    if (read) {
      try {
        const data = JSON.parse(fs.readFileSync(path.join(options.out, cacheName), 'utf8')) as CacheFile
        if (data?.version === cacheVersion && typeof data.entries === 'object' && data.entries !== null) previous = data
      } catch {
        previous = undefined // none yet, or damaged: a cold build
      }
    }
    return new BuildCache(options.out, options, previous)
  }

  /** What the article's outputs are made of, apart from the dependencies it discovers while building. */
  keyOf(article: Article): string {
    const {file} = article
    const hash = crypto.createHash('sha256')
    for (const part of [this.toolchain, article.slug, file.path, path.relative(file.cwd, file.path), file.data.root ?? '', String(file.value)]) {
      hash.update(part).update('\u0000')
    }
    // Without SOURCE_DATE_EPOCH the EPUB's modification date is the source's mtime.
    if (this.options.formats.includes('epub') && !process.env.SOURCE_DATE_EPOCH) hash.update(String(fileStamp(file.path)?.[1]))
    return hash.digest('hex')
  }

  /** The article's record if nothing it was made from changed and its outputs are still as written; its messages are replayed. */
  lookup(article: Article, key: string): DocumentRecord | undefined {
    const entry = this.entries[article.file.path]
    if (!entry || entry.key !== key) return undefined
    if (entry.browser && !sameStamp(fileStamp(entry.browser.path), entry.browser)) return undefined
    for (const [name, stamp] of Object.entries(entry.outputs)) {
      if (!sameStamp(fileStamp(path.join(this.out, name)), stamp)) return undefined
    }
    for (const dependency of entry.dependencies) {
      if (!sameStamp(fileStamp(dependency.path), dependency) && this.digest(dependency.path)?.sha256 !== dependency.sha256) return undefined
    }
    for (const saved of entry.messages) restoreMessage(article.file, saved)
    return entry.record
  }

  /** Record a built article; `messages` are those it got after loading (loading gives the rest again). */
  store(article: Article, key: string, record: DocumentRecord, built: {dependencies: readonly string[]; browser?: string; messagesAfterLoad: number}): void {
    const dependencies: Dependency[] = []
    for (const file of built.dependencies) {
      const digest = this.digest(file)
      if (!digest) return // named but unreadable: nothing to compare with next time
      dependencies.push(digest)
    }
    const outputs: Record<string, Stamp> = {}
    for (const output of Object.values(record.outputs)) {
      const stamp = output && fileStamp(path.join(this.out, output.path))
      if (!stamp) return
      outputs[output!.path] = {size: stamp[0], mtimeMs: stamp[1]}
    }
    const browserStamp = built.browser ? fileStamp(built.browser) : undefined
    this.entries[article.file.path] = {
      key,
      dependencies,
      ...(browserStamp ? {browser: {path: built.browser!, size: browserStamp[0], mtimeMs: browserStamp[1]}} : {}),
      outputs,
      record,
      messages: article.file.messages.slice(built.messagesAfterLoad).map(saveMessage)
    }
  }

  /** Forget an article (it failed, or cannot be cached): its next build starts from its source. */
  forget(article: Article): void {
    delete this.entries[article.file.path]
  }

  /** Write the cache, leaving out articles whose source is gone. */
  async save(): Promise<void> {
    const entries = Object.fromEntries(Object.entries(this.entries).filter(([source]) => fs.existsSync(source)))
    fs.mkdirSync(path.join(this.out, path.dirname(cacheName)), {recursive: true})
    await writeOutput(this.out, cacheName, `${JSON.stringify({version: cacheVersion, entries} satisfies CacheFile)}\n`)
  }

  /** A file's stamp and SHA-256, once per build (a bibliography shared by many articles is hashed once). */
  private digest(file: string): Dependency | undefined {
    if (!this.digests.has(file)) {
      let digest: Dependency | undefined
      try {
        const stat = fs.statSync(file)
        const bytes = fs.readFileSync(file)
        digest = {path: file, size: stat.size, mtimeMs: stat.mtimeMs, sha256: crypto.createHash('sha256').update(bytes).digest('hex')}
      } catch {
        digest = undefined
      }
      this.digests.set(file, digest)
    }
    return this.digests.get(file)
  }
}

function sameStamp(stamp: [number, number] | null, expected: Stamp): boolean {
  return stamp !== null && stamp[0] === expected.size && stamp[1] === expected.mtimeMs
}
