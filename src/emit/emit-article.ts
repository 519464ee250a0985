import path from 'node:path'
import type {Options} from '../config/options.ts'
import {hasErrors, report} from '../diagnostics/messages.ts'
import {createPrintAssets, type PrintAssets} from '../render/print-assets.ts'
import {headingTexts, renderPrint, renderWeb} from '../render/render-documents.ts'
import type {Templates} from '../render/templates.ts'
import {createFontSubsetter, type FontSubsetter} from '../render/font-subset.ts'
import type {Processors} from '../parse/create-processor.ts'
import type {Article, DocumentRecord, Format, Output, OutputKind, SourceAttribution} from '../types.ts'
import type {BrowserSession} from './browser-session.ts'
import type {PageStarts} from './page-starts-map.ts'
import {describeArticle} from './describe-article.ts'
import {formatBytes} from './index-page.ts'
import {writeOutputs} from './write-output.ts'

export interface EmitContext {
  options: Options
  templates: Templates
  browser?: BrowserSession
  dataUri: (file: string, mime: string) => string
  /** The build's font subsets (EPUB); without it, the article makes its own. */
  fontSubsetter?: FontSubsetter
  /** The build's fonts and images, each read once; without it, the article reads its own. */
  assets?: PrintAssets
  signal?: AbortSignal
  /** The build's shared processors; without them, each article gets its own. */
  processors?: Processors
}

/**
 * All requested formats of one article, produced in memory first and written only if every one
 * succeeded, all in one step (`writeOutputs`): a failing article, or a failing write, leaves its
 * previous good outputs untouched.
 */
export async function emitArticle(article: Article, {options, templates, browser, dataUri, fontSubsetter, assets = createPrintAssets(), signal, processors}: EmitContext): Promise<DocumentRecord | undefined> {
  const name = (format: Format) => `${article.slug}.${format}`
  // With a PDF in the same build, the EPUB's page-list follows its pages: the PDF is made first.
  const paged = options.formats.includes('pdf') && options.formats.includes('epub')
  let pageStarts: PageStarts | undefined
  // A front matter `cover:` always; a drawn one unless `--no-covers`. One subsetter for the cover and the EPUB: each font is decoded once.
  const fonts = options.formats.includes('epub') ? (fontSubsetter ?? createFontSubsetter()) : undefined
  const cover = fonts && (options.covers || article.file.data.cover) ? import('./epub/cover.ts').then(({epubCover}) => epubCover(article, {templates, fonts})) : undefined
  cover?.catch(() => {}) // a failure is reported with the EPUB's, when it is awaited
  let pages: number | undefined
  const produce: Record<Format, () => Promise<Uint8Array | string>> = {
    html: async () => {
      // Made last (`order`), so the page can state the other formats' sizes.
      const downloads = options.formats
        .filter((f): f is 'pdf' | 'epub' => f !== 'html' && results.has(f))
        .map((f) => ({href: encodeURI(name(f)), label: f.toUpperCase(), size: formatBytes(byteLength(results.get(f)!))}))
      return renderWeb(article, templates, dataUri, assets, downloads)
    },
    pdf: async () => {
      const {printPdf, finishPrinted} = await import('./pdf.ts') // pdf-lib only when a PDF is asked for
      const {sourceAttachments} = await import('./pdf-attachments.ts')
      const {linkTargets} = await import('./pdf-accessibility.ts')
      const html = await renderPrint(article, templates, assets, processors?.print(article.meta.typography))
      const refused = new Set<string>()
      const attachments = options.attachSource ? await sourceAttachments(article) : []
      const print = {timeout: options.timeout, signal, assets: assets.get, onRefused: (url: string) => refused.add(url), attachments, linkLabels: linkTargets(article.tree), onPageStarts: paged ? (starts: PageStarts) => void (pageStarts = starts) : undefined, onPageCount: (count: number) => void (pages = count)}
      // One limit for the print, a retry after a Chromium crash included. It starts when the print
      // gets the browser, not while it waits for a slot behind other articles' prints.
      let until: number | undefined
      const printed = await browser!.use((b) => printPdf(b, html, article, headingTexts(article), {...print, until: (until ??= Date.now() + options.timeout)}))
      // Outside the browser's slot: the next article prints while this one is post-processed.
      const pdf = await finishPrinted(printed, print)
      // Content should never ask for anything but the fonts and images folio serves; say so if it did.
      for (const url of refused) report(article.file, `Unexpected request for \`${url.slice(0, 100)}\` while printing, expected none; refused`, 'request-refused')
      return pdf
    },
    epub: async () => {
      const {modifiedDate, renderEpub} = await import('./epub.ts') // epub-gen-memory only for an EPUB
      return renderEpub(article, templates, modifiedDate(article), fonts, {print: pageStarts && {name: name('pdf'), starts: pageStarts}, cover: await cover})
    }
  }
  const results = new Map<Format, Uint8Array | string>()
  const order = [...options.formats].sort((a, b) => rank(a, paged) - rank(b, paged))
  for (const format of order) {
    signal?.throwIfAborted()
    try {
      results.set(format, await produce[format]())
    } catch (error) {
      if (signal?.aborted) throw error
      const timedOut = format === 'pdf' && error instanceof (await import('./pdf.ts')).PrintTimeoutError
      const message = timedOut ? (error as Error).message : `Unexpected failure making the ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}`
      report(article.file, message, 'emit-failed')
    }
  }
  if (hasErrors(article.file, options.strict)) return undefined
  const files: Array<{kind: OutputKind; name: string; data: Uint8Array | string}> = options.formats.filter((format) => results.has(format)).map((format) => ({kind: format, name: name(format), data: results.get(format)!}))
  // The EPUB's cover beside it, for the catalog and the download page.
  const image = results.has('epub') ? await cover?.catch(() => undefined) : undefined
  if (image) {
    files.push({kind: 'cover', name: `${article.slug}.cover.${image.extension}`, data: image.data})
    if (image.thumbnail) files.push({kind: 'thumbnail', name: `${article.slug}.thumbnail.png`, data: image.thumbnail})
  }
  const outputs: Partial<Record<OutputKind, Output>> = {}
  try {
    // All outputs in one step: if one cannot be written, none is replaced.
    const written = await writeOutputs(options.out, files.map(({name, data}) => ({name, data})))
    for (const [i, {kind}] of files.entries()) outputs[kind] = written[i]
  } catch (error) {
    report(article.file, `Unexpected failure writing ${files.map((file) => file.name).join(', ')}, so none was replaced: ${(error as Error).message.split('\n')[0]}`, 'emit-failed')
    return undefined
  }
  return {
    slug: article.slug,
    title: article.meta.title,
    lang: article.meta.lang,
    source: path.relative(article.file.cwd, article.file.path).split(path.sep).join('/'),
    ...(article.meta.source ? {attribution: attributionRecord(article.meta.source)} : {}),
    ...describeArticle(article, outputs.pdf ? pages : undefined),
    outputs
  }
}

/** The PDF first when the EPUB's page-list follows it; the HTML last, as it states the others' sizes. */
function rank(format: Format, paged: boolean): number {
  return format === 'html' ? 2 : format === 'pdf' && paged ? 0 : 1
}

function byteLength(data: Uint8Array | string): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
}

/** The front matter's `source` for manifest.json: the fields that were given, in a fixed order. */
export function attributionRecord(source: SourceAttribution): Partial<SourceAttribution> {
  const record: Partial<SourceAttribution> = {
    publisher: source.publisher,
    title: source.title,
    url: source.url,
    date: source.date,
    language: source.language,
    translators: source.translators.length > 0 ? source.translators : undefined,
    contributors: source.contributors.length > 0 ? source.contributors : undefined,
    licence: source.licence
  }
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))
}
