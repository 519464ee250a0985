import fs from 'node:fs/promises'
import path from 'node:path'
import pLimit from 'p-limit'
import type {Browser} from 'puppeteer'
import type {VFile} from 'vfile'
import {type Options, UsageError} from './config/options.ts'
import {resolveOptions} from './config/resolve-options.ts'
import {hasErrors, report} from './diagnostics/messages.ts'
import {collectFiles} from './load/collect.ts'
import {loadArticle} from './load/load-article.ts'
import {createProcessor, typesetLine} from './parse/create-processor.ts'
import {createFontCache} from './render/fonts.ts'
import {headingTexts, renderPrint, renderWeb} from './render/render-documents.ts'
import {loadTemplates, type Templates} from './render/templates.ts'
import {findBrowser, launchBrowser} from './emit/browser.ts'
import {modifiedDate, renderEpub} from './emit/epub.ts'
import {renderIndexPage} from './emit/index-page.ts'
import {mergeDocuments, renderManifest} from './emit/manifest.ts'
import {renderPdf} from './emit/pdf.ts'
import {writeOutput} from './emit/write-output.ts'
import type {Article, DocumentRecord, Format, Output} from './types.ts'

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
  const templates = loadTemplates(options.templates)
  const paths = await collectFiles(options.inputs)
  if (paths.length === 0) throw new UsageError(`No Markdown files found in ${options.inputs.join(', ')}`)

  const articles = await Promise.all(paths.map((file) => loadArticle(file, options)))
  refuseDuplicateSlugs(articles)
  for (const article of articles) {
    if (hasErrors(article.file)) continue
    const processor = createProcessor(article.meta.typography)
    article.tree = await processor.run(processor.parse(article.file), article.file)
    article.meta.description ??= article.file.data.lead
    const {title, subtitle} = article.meta
    article.display = {
      title: await typesetLine(title, article.file, article.meta.typography),
      subtitle: subtitle === undefined ? undefined : await typesetLine(subtitle, article.file, article.meta.typography)
    }
  }
  const buildable = articles.filter((a) => a.tree && !hasErrors(a.file, options.strict))
  signal?.throwIfAborted()

  try {
    await fs.mkdir(options.out, {recursive: true})
  } catch (error) {
    throw new Error(`Cannot create the output folder ${options.out}: ${(error as Error).message}`, {cause: error})
  }

  const needsBrowser = options.formats.includes('pdf') && buildable.length > 0
  const browser = context.browser ?? (needsBrowser ? await launchBrowser(findBrowser(options.browser)) : undefined)
  const documents: DocumentRecord[] = []
  const dataUri = createFontCache()
  try {
    const limit = pLimit(options.concurrency)
    let done = 0
    const records = await Promise.all(
      buildable.map((article) =>
        limit(async () => {
          const record = await emitArticle(article, {options, templates, browser, dataUri, signal})
          context.onArticle?.(article, ++done, buildable.length)
          return record
        })
      )
    )
    for (const record of records) if (record) documents.push(record)
  } finally {
    if (!context.browser) await browser?.close().catch(() => {})
  }
  signal?.throwIfAborted()

  const listed = mergeDocuments(options.out, documents)
  await writeOutput(options.out, 'index.html', renderIndexPage(listed, templates, dataUri))
  await writeOutput(options.out, 'manifest.json', renderManifest(listed))
  const files = articles.map((a) => a.file)
  return {options, files, documents, failed: files.filter((file) => hasErrors(file, options.strict))}
}

interface EmitContext {
  options: Options
  templates: Templates
  browser?: Browser
  dataUri: (file: string, mime: string) => string
  signal?: AbortSignal
}

/** All requested formats of one article; a failing format is reported and the others still go. */
async function emitArticle(article: Article, {options, templates, browser, dataUri, signal}: EmitContext): Promise<DocumentRecord | undefined> {
  const outputs: Partial<Record<Format, Output>> = {}
  const name = (format: Format) => `${article.slug}.${format}`
  const produce: Record<Format, () => Promise<Uint8Array | string>> = {
    html: async () => {
      const downloads = options.formats
        .filter((f): f is 'pdf' | 'epub' => f !== 'html')
        .map((f) => ({href: encodeURI(name(f)), label: f.toUpperCase()}))
      return renderWeb(article, templates, dataUri, downloads)
    },
    pdf: async () => renderPdf(browser!, await renderPrint(article, templates, dataUri), article.meta, headingTexts(article), {timeout: options.timeout, signal}),
    epub: () => renderEpub(article, templates, modifiedDate(article.file.path))
  }
  for (const format of options.formats) {
    signal?.throwIfAborted()
    try {
      outputs[format] = await writeOutput(options.out, name(format), await produce[format]())
    } catch (error) {
      if (signal?.aborted) throw error
      report(article.file, `Unexpected failure writing the ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}`, 'emit-failed')
    }
  }
  if (hasErrors(article.file)) return undefined
  return {
    slug: article.slug,
    title: article.meta.title,
    lang: article.meta.lang,
    source: path.relative(article.file.cwd, article.file.path).split(path.sep).join('/'),
    outputs
  }
}

/** Two articles with one slug would overwrite each other's files: refuse the later ones. */
function refuseDuplicateSlugs(articles: readonly Article[]): void {
  const seen = new Map<string, Article>()
  for (const article of articles) {
    if (hasErrors(article.file)) continue
    const first = seen.get(article.slug)
    if (!first) {
      seen.set(article.slug, article)
      continue
    }
    const place = article.file.data.frontMatterPlaces?.get('slug') ?? {line: 1, column: 1}
    report(article.file, `Unexpected slug \`${article.slug}\`, already used by ${path.relative(process.cwd(), first.file.path)}; expected a unique \`slug\``, 'slug-duplicate', place)
  }
}
