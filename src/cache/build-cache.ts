import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type {Options} from '../config/options.ts'
import type {Article, CollectionRecord, DocumentRecord} from '../types.ts'
import {writeOutput} from '../emit/write-output.ts'
import {hasErrors, restoreMessage, saveMessage, type SavedMessage} from '../diagnostics/messages.ts'
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
  /** The file `path` led to: a symlink pointed elsewhere may lead to a file of the same size and time. */
  real: string
  sha256: string
}

interface Entry {
  key: string
  dependencies: Dependency[]
  /** The browser that printed the PDF or drew the EPUB cover, when there is one: an upgrade changes the layout. */
  browser?: Stamp & {path: string}
  /** Every output as written: a file changed or removed since then means a rebuild. */
  outputs: Record<string, Stamp>
  record: DocumentRecord
  messages: SavedMessage[]
}

/** A collection's volume as last built: what it was made from (`key`) and its outputs as written. */
interface CollectionEntry {
  key: string
  outputs: Record<string, Stamp>
  record: CollectionRecord
}

interface CacheFile {
  version: number
  entries: Record<string, Entry>
  /** Collections by their file's path. */
  collections?: Record<string, CollectionEntry>
  /** Every article's slug in the last build, built or failed: a slug no article has now is retired. */
  slugs?: Record<string, string>
}

/**
 * The incremental build: an article whose source, dependencies (images, bibliographies, a style
 * file), toolchain (folio, its dependencies, templates, options, Node) and outputs are all as
 * they were when it was last built is not built again; its record and messages come from here.
 * Keys are content hashes; size and mtime only decide when a file must be hashed again.
 */
export class BuildCache {
  private readonly entries: Record<string, Entry>
  private readonly collections: Record<string, CollectionEntry>
  private readonly slugs: Record<string, string>
  private readonly toolchain: string
  private readonly digests = new Map<string, Dependency | undefined>()
  /** A file modified after this may have changed while the build read it: its hash may not be what was used. */
  private readonly started = Date.now()

  private constructor(private readonly out: string, private readonly options: Options, previous: CacheFile | undefined, private readonly read: boolean) {
    this.entries = previous?.entries ?? {}
    this.collections = isObject(previous?.collections) ? previous!.collections! : {}
    this.slugs = previous?.slugs ?? {}
    this.toolchain = toolchainFingerprint(options)
  }

  /**
   * The cache of `options.out`; with `read` false (`--no-cache`) every article is built, and
   * recorded. The previous slugs are read either way: they say which documents are gone.
   */
  static open(options: Options, read: boolean): BuildCache {
    let previous: CacheFile | undefined
    try {
      const data = JSON.parse(fs.readFileSync(path.join(options.out, cacheName), 'utf8')) as CacheFile
      if (data?.version === cacheVersion && isObject(data.entries) && (data.slugs === undefined || isObject(data.slugs))) previous = data
    } catch {
      previous = undefined // none yet, or damaged: a cold build
    }
    return new BuildCache(options.out, options, previous, read)
  }

  /**
   * The slugs of documents whose article is gone (deleted, renamed) or now has another slug (an
   * article added beside it took its name), and that no article of this build has: the manifest
   * and index must not list them. An article that still exists but is not in this build (a build
   * of one file, another shard) keeps its documents. Records this build's slugs for the next one.
   */
  retire(articles: readonly Article[]): Set<string> {
    const current = new Map(articles.filter((a) => !hasErrors(a.file)).map((a) => [a.file.path, a.slug]))
    const retired = new Set<string>()
    for (const [source, slug] of Object.entries(this.slugs)) {
      const now = current.get(source)
      if (now === undefined ? !fs.existsSync(source) : now !== slug) retired.add(slug)
    }
    for (const [source, slug] of current) {
      this.slugs[source] = slug
      retired.delete(slug)
    }
    for (const source of Object.keys(this.slugs)) if (!current.has(source) && !fs.existsSync(source)) delete this.slugs[source]
    return retired
  }

  /** What the article's outputs are made of, apart from the dependencies it discovers while building. */
  keyOf(article: Article): string {
    const {file} = article
    const hash = crypto.createHash('sha256')
    for (const part of [this.toolchain, article.slug, file.path, path.relative(file.cwd, file.path), file.data.root ?? '', String(file.value)]) {
      hash.update(part).update('\u0000')
    }
    // No mtime: the EPUB's dates come from SOURCE_DATE_EPOCH (in the toolchain), the front matter or the text (emit/epub/package-metadata.ts).
    return hash.digest('hex')
  }

  /** The article's record if nothing it was made from changed and its outputs are still as written; its messages are replayed. */
  lookup(article: Article, key: string): DocumentRecord | undefined {
    const entry = this.read ? this.entries[article.file.path] : undefined
    if (!isEntry(entry) || entry.key !== key) return undefined
    if (entry.browser && !sameStamp(fileStamp(entry.browser.path), entry.browser)) return undefined
    for (const [name, stamp] of Object.entries(entry.outputs)) {
      if (!sameStamp(fileStamp(path.join(this.out, name)), stamp)) return undefined
    }
    for (const dependency of entry.dependencies) {
      if (realPath(dependency.path) !== dependency.real) return undefined
      if (!sameStamp(fileStamp(dependency.path), dependency) && this.digest(dependency.path)?.sha256 !== dependency.sha256) return undefined
    }
    for (const saved of entry.messages) restoreMessage(article.file, saved)
    return entry.record
  }

  /** Record a built article; `messages` are those it got after loading (loading gives the rest again). */
  store(article: Article, key: string, record: DocumentRecord, built: {dependencies: readonly string[]; browser?: string; messagesAfterLoad: number}): void {
    this.forget(article) // an entry of an older build must not outlive one that cannot be recorded
    const dependencies: Dependency[] = []
    for (const file of built.dependencies) {
      const digest = this.digest(file)
      if (!digest) return // named but unreadable: nothing to compare with next time
      if (digest.mtimeMs > this.started) return // changed during the build: the outputs may show the old bytes
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

  /**
   * What a collection's volume is made of: the toolchain, the collection file as read, and each
   * article's slug and outputs (their hashes change whenever anything the article is made of does).
   */
  collectionKey(file: {path: string; value: unknown}, members: ReadonlyArray<DocumentRecord>): string {
    const hash = crypto.createHash('sha256')
    for (const part of [this.toolchain, file.path, String(file.value)]) hash.update(part).update('\u0000')
    for (const record of members) {
      hash.update(record.slug).update('\u0000')
      for (const format of ['pdf', 'epub', 'html'] as const) hash.update(record.outputs[format]?.sha256 ?? '-').update('\u0000')
    }
    return hash.digest('hex')
  }

  /** The collection's record if it was built from the same `key` and its outputs are as written. */
  lookupCollection(source: string, key: string): CollectionRecord | undefined {
    const entry = this.read ? this.collections[source] : undefined
    if (!isObject(entry) || entry!.key !== key || !isObject(entry!.outputs) || !isObject(entry!.record)) return undefined
    for (const [name, stamp] of Object.entries(entry!.outputs)) {
      if (!isObject(stamp) || !sameStamp(fileStamp(path.join(this.out, name)), stamp)) return undefined
    }
    return entry!.record
  }

  /** Record a built collection (or, without a record, forget it: it failed and must be built again). */
  storeCollection(source: string, key: string, record?: CollectionRecord): void {
    delete this.collections[source]
    if (!record) return
    const outputs: Record<string, Stamp> = {}
    for (const output of Object.values(record.outputs)) {
      const stamp = output && fileStamp(path.join(this.out, output.path))
      if (!stamp) return
      outputs[output!.path] = {size: stamp[0], mtimeMs: stamp[1]}
    }
    this.collections[source] = {key, outputs, record}
  }

  /** Write the cache, leaving out articles and collections whose source is gone. */
  async save(): Promise<void> {
    const entries = Object.fromEntries(Object.entries(this.entries).filter(([source]) => fs.existsSync(source)))
    const collections = Object.fromEntries(Object.entries(this.collections).filter(([source]) => fs.existsSync(source)))
    fs.mkdirSync(path.join(this.out, path.dirname(cacheName)), {recursive: true})
    await writeOutput(this.out, cacheName, `${JSON.stringify({version: cacheVersion, entries, slugs: this.slugs, ...(Object.keys(collections).length > 0 ? {collections} : {})} satisfies CacheFile)}\n`)
  }

  /** A file's stamp and SHA-256, once per build (a bibliography shared by many articles is hashed once). */
  private digest(file: string): Dependency | undefined {
    if (!this.digests.has(file)) {
      let digest: Dependency | undefined
      try {
        const stat = fs.statSync(file)
        const bytes = fs.readFileSync(file)
        digest = {path: file, real: fs.realpathSync(file), size: stat.size, mtimeMs: stat.mtimeMs, sha256: crypto.createHash('sha256').update(bytes).digest('hex')}
      } catch {
        digest = undefined
      }
      this.digests.set(file, digest)
    }
    return this.digests.get(file)
  }
}

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync(file)
  } catch {
    return undefined
  }
}

/** An entry as this version writes it: a damaged or hand-edited cache file means a rebuild, never a crash. */
function isEntry(entry: Entry | undefined): entry is Entry {
  return (
    isObject(entry) &&
    typeof entry!.key === 'string' &&
    Array.isArray(entry!.dependencies) &&
    entry!.dependencies.every((d) => isObject(d) && typeof d.path === 'string') &&
    isObject(entry!.outputs) &&
    Object.values(entry!.outputs).every(isObject) &&
    Array.isArray(entry!.messages) &&
    entry!.messages.every((m) => isObject(m) && typeof m.reason === 'string' && isObject(m.start)) &&
    isObject(entry!.record) &&
    typeof entry!.record.slug === 'string' &&
    isObject(entry!.record.outputs) &&
    (entry!.browser === undefined || isObject(entry!.browser))
  )
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function sameStamp(stamp: [number, number] | null, expected: Stamp): boolean {
  return stamp !== null && stamp[0] === expected.size && stamp[1] === expected.mtimeMs
}
