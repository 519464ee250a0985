import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pLimit from 'p-limit'
import type {Browser} from 'puppeteer'
import type {VFile} from 'vfile'
import {type Options, UsageError} from './config/options.ts'
import {resolveOptions} from './config/resolve-options.ts'
import {hasErrors, report} from './diagnostics/messages.ts'
import {assignSlugs} from './load/assign-slugs.ts'
import {collectFiles} from './load/collect.ts'
import {loadArticle} from './load/load-article.ts'
import {loadCollections, type Collection} from './load/collections.ts'
import {selectShard} from './load/shard.ts'
import type {Processors} from './parse/create-processor.ts'
import {createFontCache} from './render/fonts.ts'
import {createFontSubsetter, type FontSubsetter} from './render/font-subset.ts'
import {loadTemplates, type Templates} from './render/templates.ts'
import {BuildCache} from './cache/build-cache.ts'
import {createPrintAssets, type PrintAssets} from './render/print-assets.ts'
import {renderIndexPage} from './emit/index-page.ts'
import {lockOutput} from './emit/lock.ts'
import {mergeCollections, mergeDocuments, renderManifest} from './emit/manifest.ts'
import {catalogId, catalogName, renderCatalog} from './emit/opds.ts'
import {writeIfChanged} from './emit/write-output.ts'
import type {BrowserSession} from './emit/browser-session.ts'
import type {Root} from 'hast'
import type {Article, CollectionRecord, DocumentRecord} from './types.ts'

export interface BuildContext {
  cwd?: string
  /** A config file; default `folio.config.json` in `cwd` when present. */
  config?: string
  signal?: AbortSignal
  /** A running browser to use instead of launching one (it is left open). */
  browser?: Browser
  /** Called after each article (built, or unchanged and taken from the cache), e.g. for a progress line. */
  onArticle?: (article: Article, done: number, total: number) => void
}

export interface BuildResult {
  options: Options
  files: VFile[]
  /** Every article's record: those built now and those unchanged since the last build. */
  documents: DocumentRecord[]
  /** Slugs of the articles that were unchanged, so not built again. */
  unchanged: string[]
  /** Articles that produced no outputs (or had warnings, with `strict`), and collection files that did not build. */
  failed: VFile[]
  /** The collection files (`collections/*.yaml`) of the input folders, with their problems. */
  collectionFiles: VFile[]
  /** The collections built, or unchanged since the last build. */
  collections: CollectionRecord[]
}

/**
 * Build every article: load every front matter (slugs depend on all of them), then let each
 * article that changed flow parse → render → emit → drop under one bounded pool, while the
 * browser starts; then the index and manifest. Content problems end up as messages on each file;
 * environment problems throw.
 */
export async function build(given: Partial<Options> = {}, context: BuildContext = {}): Promise<BuildResult> {
  const options = await resolveOptions(given, {cwd: context.cwd, config: context.config})
  const inputs = await collectFiles(options.inputs)
  if (inputs.length === 0) throw new UsageError(`No Markdown files found in ${options.inputs.join(', ')}`)
  const loaded = await Promise.all(inputs.map(({file, root}) => loadArticle(file, options, root)))
  assignSlugs(loaded)
  const articles = selectShard(loaded, options.shard) // after the slugs: they depend on every article
  // A shard has only some articles: its collections are built by an unsharded build.
  const collections = options.shard === undefined ? await loadCollections(options.inputs, articles) : []
  context.signal?.throwIfAborted()
  const {documents, unchanged, collections: volumes} = await buildArticles(articles, collections, options, context)
  const files = articles.map((a) => a.file)
  const collectionFiles = collections.map((c) => c.file)
  const failed = [...files, ...collectionFiles].filter((file) => hasErrors(file, options.strict))
  return {options, files, documents, unchanged, failed, collectionFiles, collections: volumes}
}

/** One build's shared state: everything made once and used by every article. */
interface Shared {
  options: Options
  context: BuildContext
  templates: Templates
  dataUri: (file: string, mime: string) => string
  /** Font subsets for the EPUBs, each face and character set cut once per build. */
  fontSubsetter: FontSubsetter
  /** Fonts and images for print pages, read once and served to Chromium by URL. */
  assets: PrintAssets
  cache: BuildCache
  /** Where images from `data:` URIs and fetched ones are written for the formats to read. */
  scratch: string
  browser?: BrowserSession
  processors?: Processors
  /** The trees of articles a collection has, kept after they are built, for the collection. */
  trees: Map<Article, Root | undefined>
}

interface Built {
  documents: DocumentRecord[]
  unchanged: string[]
  collections: CollectionRecord[]
}

async function buildArticles(articles: readonly Article[], collections: readonly Collection[], options: Options, context: BuildContext): Promise<Built> {
  const {signal} = context
  try {
    await fs.mkdir(options.out, {recursive: true})
  } catch (error) {
    // Nothing can be written: every article fails with the reason, which is no usage error.
    for (const article of articles) report(article.file, `Unexpected output folder ${options.out} that cannot be created (${(error as NodeJS.ErrnoException).code}), expected a writable folder`, 'emit-failed')
    return {documents: [], unchanged: [], collections: []}
  }
  const release = lockOutput(options.out)
  const shared: Shared = {
    options,
    context,
    templates: loadTemplates(options.templates),
    dataUri: createFontCache(),
    fontSubsetter: createFontSubsetter(),
    assets: createPrintAssets(),
    cache: BuildCache.open(options, options.cache),
    scratch: await fs.mkdtemp(path.join(os.tmpdir(), 'folio-images-')),
    trees: new Map(collections.filter((c) => !hasErrors(c.file)).flatMap((c) => c.members.map(({article}) => [article, undefined] as const)))
  }
  try {
    const records: Array<DocumentRecord | undefined> = new Array(articles.length)
    const unchanged: string[] = []
    const pending: Array<{article: Article; index: number; key: string}> = []
    let done = 0
    for (const [index, article] of articles.entries()) {
      if (hasErrors(article.file)) continue // loading failed: nothing to build or to look up
      const key = shared.cache.keyOf(article)
      const cached = shared.cache.lookup(article, key)
      if (cached && !hasErrors(article.file, options.strict)) {
        records[index] = cached
        unchanged.push(article.slug)
        context.onArticle?.(article, ++done, articles.length)
      } else if (cached) {
        // Unchanged, and failing with --strict as it did: its previous outputs stay.
        context.onArticle?.(article, ++done, articles.length)
      } else {
        pending.push({article, index, key})
      }
    }
    if (pending.length > 0) {
      // The browser starts while the parse stack loads. It must be up before parsing begins: a long
      // article parses synchronously, and Puppeteer's launch timer would fire behind it.
      const needsBrowser = options.formats.includes('pdf') || context.browser !== undefined
      // The PDF worker thread loads pdf-lib meanwhile, on the other core.
      if (options.formats.includes('pdf')) void import('./emit/pdf-finisher.ts').then(({warmPdfFinisher}) => warmPdfFinisher())
      const [browser, {createProcessors}] = await Promise.all([needsBrowser ? openBrowserSession(options, context) : undefined, import('./parse/create-processor.ts')])
      shared.browser = browser
      await browser?.ready()
      shared.processors = createProcessors({allowRemote: options.allowRemote, cacheDir: shared.scratch})
      // One article more than there are pages, so one is always being parsed while the pages print.
      const limit = pLimit(options.concurrency + 1)
      const results = await Promise.allSettled(
        pending.map(({article, index, key}) =>
          limit(async () => {
            signal?.throwIfAborted()
            records[index] = await buildArticle(article, key, shared)
            context.onArticle?.(article, ++done, articles.length)
          })
        )
      )
      // Every task has ended before the build fails: none writes after build() has returned.
      const rejected = results.find((result) => result.status === 'rejected')
      if (rejected) throw (rejected as PromiseRejectedResult).reason
    }
    signal?.throwIfAborted()
    const built = records.filter((r): r is DocumentRecord => r !== undefined)
    const retired = shared.cache.retire(articles)
    const listed = mergeDocuments(options.out, built).filter((doc) => !retired.has(doc.slug))
    const volumes = await buildVolumes(collections, listed, shared)
    const shelved = mergeCollections(options.out, volumes)
    await writeIfChanged(options.out, 'index.html', renderIndexPage(listed, shared.templates, shelved))
    await writeIfChanged(options.out, 'manifest.json', renderManifest(listed, shelved))
    await writeIfChanged(options.out, catalogName, renderCatalog(listed, {id: catalogId(options.out, listed), collections: shelved}))
    await shared.cache.save()
    return {documents: built, unchanged, collections: volumes}
  } catch (error) {
    if (!signal?.aborted && isUnwritable(error)) {
      for (const article of articles) report(article.file, `Unexpected output folder ${options.out} that cannot be written, expected a writable folder`, 'emit-failed')
      return {documents: [], unchanged: [], collections: []}
    }
    throw error
  } finally {
    await shared.browser?.close()
    await fs.rm(shared.scratch, {recursive: true, force: true})
    release()
  }
}

/** One changed article: parse, emit every format, record it in the cache, then let its tree go. */
async function buildArticle(article: Article, key: string, shared: Shared): Promise<DocumentRecord | undefined> {
  const {options, cache} = shared
  const afterLoad = article.file.messages.length
  const [{parseArticle}, {emitArticle}, {articleDependencies}] = await Promise.all([
    import('./parse/parse-article.ts'),
    import('./emit/emit-article.ts'),
    import('./cache/dependencies.ts')
  ])
  try {
    await parseArticle(article, options, shared.processors!)
  } catch (error) {
    // One article that breaks a parser must not stop the others.
    article.tree = undefined
    report(article.file, `Unexpected failure processing the article: ${(error as Error).message}`, 'parse-failed')
  }
  if (!article.tree || hasErrors(article.file, options.strict)) {
    cache.forget(article)
    article.tree = undefined
    return undefined
  }
  const record = await emitArticle(article, {...shared, signal: shared.context.signal})
  const {files, cacheable} = articleDependencies(article, article.tree, shared.scratch)
  if (record && cacheable) {
    cache.store(article, key, record, {dependencies: files, browser: options.formats.some((format) => format !== 'html') ? shared.browser?.executablePath : undefined, messagesAfterLoad: afterLoad})
  } else {
    cache.forget(article)
  }
  // Kept only when a collection has the article; else the pool's memory stays flat however many articles there are.
  if (record && shared.trees.has(article)) shared.trees.set(article, article.tree)
  article.tree = undefined
  return record
}

/**
 * The collections (`collections/*.yaml`), once every article is built: each from its articles'
 * records and trees (those unchanged since the last build are parsed again, if the volume must be
 * made again), and the browser when a PDF volume is made.
 */
async function buildVolumes(collections: readonly Collection[], listed: readonly DocumentRecord[], shared: Shared): Promise<CollectionRecord[]> {
  if (collections.length === 0) return []
  const {buildCollections} = await import('./emit/collection/build-collections.ts')
  const {options, context} = shared
  const trees = new Map([...shared.trees].filter((entry): entry is [Article, Root] => entry[1] !== undefined))
  const processors = async () => (shared.processors ??= (await import('./parse/create-processor.ts')).createProcessors({allowRemote: options.allowRemote, cacheDir: shared.scratch}))
  const browser = async (): Promise<BrowserSession> => {
    if (!shared.browser) {
      shared.browser = await openBrowserSession(options, context)
      await shared.browser.ready()
    }
    return shared.browser
  }
  try {
    return await buildCollections(collections, new Map(listed.map((doc) => [doc.slug, doc])), {options, templates: shared.templates, fontSubsetter: shared.fontSubsetter, assets: shared.assets, cache: shared.cache, trees, processors, browser, signal: context.signal})
  } finally {
    shared.trees.clear()
  }
}

function isUnwritable(error: unknown): boolean {
  const code = ((error as {cause?: NodeJS.ErrnoException}).cause ?? (error as NodeJS.ErrnoException)).code
  return code === 'EACCES' || code === 'EROFS' || code === 'EPERM'
}

/**
 * Puppeteer is loaded only when a browser is needed: HTML and EPUB builds start without it. With
 * an endpoint no local browser is looked for, let alone launched.
 */
async function openBrowserSession(options: Options, {browser, signal}: BuildContext): Promise<BrowserSession> {
  const {findBrowser} = await import('./emit/browser.ts')
  const {BrowserSession} = await import('./emit/browser-session.ts')
  if (browser) return new BrowserSession({given: browser}, options.concurrency)
  if (options.browserEndpoint) return new BrowserSession({connect: options.browserEndpoint, timeout: options.timeout, signal}, options.concurrency)
  return new BrowserSession({launch: findBrowser(options.browser), timeout: options.timeout}, options.concurrency)
}
