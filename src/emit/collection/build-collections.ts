import crypto from 'node:crypto'
import path from 'node:path'
import type {Root} from 'hast'
import type {Options} from '../../config/options.ts'
import {hasErrors, report} from '../../diagnostics/messages.ts'
import type {Collection} from '../../load/collections.ts'
import type {BuildCache} from '../../cache/build-cache.ts'
import type {FontSubsetter} from '../../render/font-subset.ts'
import type {PrintAssets} from '../../render/print-assets.ts'
import type {Templates} from '../../render/templates.ts'
import type {Article, CollectionRecord, DocumentRecord, Output} from '../../types.ts'
import type {BrowserSession} from '../browser-session.ts'
import {writeOutputs} from '../write-output.ts'
import type {Processors} from '../../parse/create-processor.ts'
import {cloneTree} from '../../render/clone-tree.ts'
import {bookOf, type Chapter} from './book.ts'

export interface CollectionsContext {
  options: Options
  templates: Templates
  fontSubsetter: FontSubsetter
  assets: PrintAssets
  cache: BuildCache
  /** The trees of the articles built in this build that a collection has, kept for it. */
  trees: ReadonlyMap<Article, Root>
  /** The build's processors, made now if no article needed them. */
  processors: () => Promise<Processors>
  /** The build's browser, started now if it is not running yet. */
  browser: () => Promise<BrowserSession>
  signal?: AbortSignal
}

/**
 * Build each collection whose file and articles are in order: from the cache when nothing it is
 * made of changed, else its EPUB and PDF from the articles' trees. A collection that cannot be
 * built (an article failed, a name taken) is reported on its file and skipped; its previous
 * outputs stay. Returns the records of the collections built or unchanged.
 */
export async function buildCollections(collections: readonly Collection[], records: ReadonlyMap<string, DocumentRecord>, context: CollectionsContext): Promise<CollectionRecord[]> {
  const {options} = context
  const built: CollectionRecord[] = []
  const wanted = (['epub', 'pdf'] as const).filter((format) => options.formats.includes(format))
  if (wanted.length === 0) return built
  for (const collection of collections) {
    context.signal?.throwIfAborted()
    if (hasErrors(collection.file, options.strict)) continue
    const members: DocumentRecord[] = []
    for (const {article, place} of collection.members) {
      const record = records.get(article.slug)
      if (!record || hasErrors(article.file, options.strict)) {
        report(collection.file, `Unexpected article \`${article.slug}\` that did not build, expected every article of the collection to build; the collection is skipped`, 'collection-article-failed', place)
      } else {
        members.push(record)
      }
    }
    if (hasErrors(collection.file, options.strict)) continue
    const source = collection.file.path
    const key = context.cache.collectionKey(collection.file, members)
    const cached = context.cache.lookupCollection(source, key)
    if (cached) {
      built.push(cached)
      continue
    }
    const record = await buildCollection(collection, context, wanted)
    context.cache.storeCollection(source, key, record)
    if (record) built.push(record)
  }
  return built
}

async function buildCollection(collection: Collection, context: CollectionsContext, wanted: ReadonlyArray<'epub' | 'pdf'>): Promise<CollectionRecord | undefined> {
  const {options, templates} = context
  const chapters: Chapter[] = []
  for (const {article, place} of collection.members) {
    const tree = context.trees.get(article) ?? (await parseAgain(article, context))
    if (!tree) {
      report(collection.file, `Unexpected article \`${article.slug}\` that could not be read again, expected its text for the volume; the collection is skipped`, 'collection-article-failed', place)
      return undefined
    }
    chapters.push({article, tree})
  }
  const book = bookOf(collection, chapters, options)
  const files: Array<{name: string; data: Uint8Array}> = []
  let pages: number | undefined
  for (const format of wanted) {
    context.signal?.throwIfAborted()
    try {
      if (format === 'epub') {
        const {renderCollectionEpub} = await import('./epub.ts')
        files.push({name: `${book.name}.epub`, data: await renderCollectionEpub(book, templates, context.fontSubsetter)})
      } else {
        const {renderVolumePdf} = await import('./pdf.ts')
        const browser = await context.browser()
        const printTree = (article: Article, tree: Root) => printVersion(article, tree, context)
        const printed = await renderVolumePdf(book, {templates, assets: context.assets, browser, options, file: collection.file, printTree, signal: context.signal})
        pages = printed.pages
        files.push({name: `${book.name}.pdf`, data: printed.pdf})
      }
    } catch (error) {
      if (context.signal?.aborted) throw error
      report(collection.file, `Unexpected failure making the collection's ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}`, 'collection-emit-failed')
      return undefined
    }
  }
  let written: Output[]
  try {
    written = await writeOutputs(options.out, files)
  } catch (error) {
    report(collection.file, `Unexpected failure writing ${files.map((f) => f.name).join(', ')}, so none was replaced: ${(error as Error).message.split('\n')[0]}`, 'collection-emit-failed')
    return undefined
  }
  const outputs: CollectionRecord['outputs'] = {}
  for (const [index, file] of files.entries()) outputs[file.name.endsWith('.pdf') ? 'pdf' : 'epub'] = written[index]!
  return {
    name: book.name,
    title: book.title,
    ...(book.subtitle ? {subtitle: book.subtitle} : {}),
    lang: book.lang,
    ...(book.date ? {date: book.date} : {}),
    articles: chapters.map(({article}) => article.slug),
    source: path.relative(collection.file.cwd, collection.file.path).split(path.sep).join('/'),
    sourceSha256: crypto.createHash('sha256').update(collection.file.data.sourceBytes ?? String(collection.file.value)).digest('hex'),
    identifier: book.identifier,
    ...(pages === undefined ? {} : {pages}),
    outputs
  }
}

/**
 * The tree of an article unchanged since the last build (so not parsed in this one), parsed again
 * for the volume. Its messages were reported when it was built, or replayed from the cache: not again.
 */
async function parseAgain(article: Article, context: CollectionsContext): Promise<Root | undefined> {
  const {parseArticle} = await import('../../parse/parse-article.ts')
  const processors = await context.processors()
  const before = article.file.messages.length
  try {
    await parseArticle(article, context.options, processors)
    return article.tree
  } catch {
    return undefined // reported as an article that could not be read again
  } finally {
    article.file.messages.splice(before)
    article.tree = undefined
  }
}

/** The tree as print sets it (hyphenated), on a copy; its messages come with the article's own PDF. */
async function printVersion(article: Article, tree: Root, context: CollectionsContext): Promise<Root> {
  const processors = await context.processors()
  const before = article.file.messages.length
  try {
    return (await processors.print(article.meta.typography).run(cloneTree(tree), article.file)) as Root
  } finally {
    article.file.messages.splice(before)
  }
}
