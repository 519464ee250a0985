import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {toString} from 'hast-util-to-string'
import pLimit from 'p-limit'
import type {Browser} from 'puppeteer'
import type {VFile} from 'vfile'
import {type Options, UsageError} from './config/options.ts'
import {resolveOptions} from './config/resolve-options.ts'
import {hasErrors, report} from './diagnostics/messages.ts'
import {directionOfText} from './load/article-meta.ts'
import {assignSlugs} from './load/assign-slugs.ts'
import {collectFiles} from './load/collect.ts'
import {loadArticle} from './load/load-article.ts'
import {createProcessors, type Processors, typesetLine} from './parse/create-processor.ts'
import {createFontCache} from './render/fonts.ts'
import {loadTemplates} from './render/templates.ts'
import {emitArticle} from './emit/emit-article.ts'
import {renderIndexPage} from './emit/index-page.ts'
import {lockOutput} from './emit/lock.ts'
import {mergeDocuments, renderManifest} from './emit/manifest.ts'
import {writeOutput} from './emit/write-output.ts'
import type {Article, DocumentRecord} from './types.ts'
import {citationSettings} from './cite/settings.ts'

export interface BuildContext {
  cwd?: string
  /** A config file; default `folio.config.json` in `cwd` when present. */
  config?: string
  signal?: AbortSignal
  /** A running browser to use instead of launching one (it is left open). */
  browser?: Browser
  /** Called after each article, e.g. for a progress line. */
  onArticle?: (article: Article, done: number, total: number) => void
}

export interface BuildResult {
  options: Options
  files: VFile[]
  documents: DocumentRecord[]
  /** Articles that produced no outputs (or had warnings, with `strict`). */
  failed: VFile[]
}

/**
 * Build every article: load → parse and transform → render → emit, then the index and manifest.
 * Content problems end up as messages on each file; environment problems throw.
 */
export async function build(given: Partial<Options> = {}, context: BuildContext = {}): Promise<BuildResult> {
  const {signal} = context
  const options = await resolveOptions(given, {cwd: context.cwd, config: context.config})
  const inputs = await collectFiles(options.inputs)
  if (inputs.length === 0) throw new UsageError(`No Markdown files found in ${options.inputs.join(', ')}`)

  const articles = await Promise.all(inputs.map(({file, root}) => loadArticle(file, options, root)))
  assignSlugs(articles)
  const cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'folio-images-'))
  try {
    const processors = createProcessors({allowRemote: options.allowRemote, cacheDir})
    for (const article of articles) {
      try {
        article.file.data.citations = citationSettings(article, options)
        await parseArticle(article, processors)
      } catch (error) {
        // One article that breaks a parser must not stop the others.
        article.tree = undefined
        report(article.file, `Unexpected failure processing the article: ${(error as Error).message}`, 'parse-failed')
      }
    }
    signal?.throwIfAborted()
    const buildable = articles.filter((a) => a.tree && !hasErrors(a.file, options.strict))
    const documents = await emitAll(buildable, options, context, processors)
    const files = articles.map((a) => a.file)
    return {options, files, documents, failed: files.filter((file) => hasErrors(file, options.strict))}
  } finally {
    await fs.rm(cacheDir, {recursive: true, force: true})
  }
}

/** Markdown → typeset hast, plus what the text itself tells (lead sentence, direction). */
async function parseArticle(article: Article, processors: Processors): Promise<void> {
  if (hasErrors(article.file)) return
  const {meta, file} = article
  const processor = processors.article(meta.typography)
  article.tree = await processor.run(processor.parse(file), file)
  meta.description ??= file.data.lead
  const places = file.data.frontMatterPlaces
  // Right-to-left text needs no front matter key: its first strong letter tells.
  if (!places?.has('dir') && !places?.has('lang')) meta.dir = directionOfText(toString(article.tree)) ?? meta.dir
  const sourceTitle = meta.source?.title
  article.display = {
    title: await typesetLine(meta.title, file, meta.typography),
    subtitle: meta.subtitle === undefined ? undefined : await typesetLine(meta.subtitle, file, meta.typography),
    // The original's title is set by the rules of the original's language.
    sourceTitle: sourceTitle === undefined ? undefined : await typesetLine(sourceTitle, file, meta.typography, meta.source?.language)
  }
}

/** Emit the articles with one browser and a bounded number of pages, then the index and manifest. */
async function emitAll(articles: readonly Article[], options: Options, context: BuildContext, processors: Processors): Promise<DocumentRecord[]> {
  const {signal} = context
  try {
    await fs.mkdir(options.out, {recursive: true})
  } catch (error) {
    // Nothing can be written: every article fails with the reason, which is no usage error.
    for (const article of articles) report(article.file, `Unexpected output folder ${options.out} that cannot be created (${(error as NodeJS.ErrnoException).code}), expected a writable folder`, 'emit-failed')
    return []
  }
  const release = lockOutput(options.out)
  const needsBrowser = options.formats.includes('pdf') && articles.length > 0
  const browser = needsBrowser || context.browser ? await openBrowserSession(options.browser, context.browser) : undefined
  const templates = loadTemplates(options.templates)
  const dataUri = createFontCache()
  try {
    await browser?.ready()
    const limit = pLimit(options.concurrency)
    let done = 0
    const records = await Promise.all(
      articles.map((article) =>
        limit(async () => {
          const record = await emitArticle(article, {options, templates, browser, dataUri, signal, processors})
          context.onArticle?.(article, ++done, articles.length)
          return record
        })
      )
    )
    signal?.throwIfAborted()
    const listed = mergeDocuments(options.out, records.filter((r): r is DocumentRecord => r !== undefined))
    await writeOutput(options.out, 'index.html', renderIndexPage(listed, templates, dataUri))
    await writeOutput(options.out, 'manifest.json', renderManifest(listed))
    return records.filter((r): r is DocumentRecord => r !== undefined)
  } catch (error) {
    if (!signal?.aborted && isUnwritable(error)) {
      for (const article of articles) report(article.file, `Unexpected output folder ${options.out} that cannot be written, expected a writable folder`, 'emit-failed')
      return []
    }
    throw error
  } finally {
    await browser?.close()
    release()
  }
}

function isUnwritable(error: unknown): boolean {
  const code = ((error as {cause?: NodeJS.ErrnoException}).cause ?? (error as NodeJS.ErrnoException)).code
  return code === 'EACCES' || code === 'EROFS' || code === 'EPERM'
}

/** Puppeteer is loaded only when a browser is needed: HTML and EPUB builds start without it. */
async function openBrowserSession(choice: string | undefined, given: Browser | undefined) {
  const {findBrowser} = await import('./emit/browser.ts')
  const {BrowserSession} = await import('./emit/browser-session.ts')
  return new BrowserSession(given ? undefined : findBrowser(choice), given)
}
