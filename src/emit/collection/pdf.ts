import type {Root} from 'hast'
import type {VFile} from 'vfile'
import type {Options} from '../../config/options.ts'
import {report} from '../../diagnostics/messages.ts'
import {chapterId, renderVolumePrint} from '../../render/collection-print.ts'
import {linkMembers} from './member-links.ts'
import type {PrintAssets} from '../../render/print-assets.ts'
import {headingTexts} from '../../render/render-documents.ts'
import type {Templates} from '../../render/templates.ts'
import type {Article, ArticleMeta} from '../../types.ts'
import type {BrowserSession} from '../browser-session.ts'
import type {Book} from './book.ts'

export interface VolumePrintContext {
  templates: Templates
  assets: PrintAssets
  browser: BrowserSession
  options: Options
  /** The collection's file: where problems of the print (a refused request) are reported. */
  file: VFile
  /** The article's tree as print sets it (hyphenated), from the tree it was rendered from. */
  printTree: (article: Article, tree: Root) => Promise<Root>
  signal?: AbortSignal
}

/**
 * The PDF of a volume: its articles printed as one document (collection-print.ts) by the same
 * print step as an article's, with the same finishing (tags, metadata, bookmark titles, document
 * ID). The notes of each article stay at its end (endnotes): the page boxes that move notes to
 * the foot of their page lay out one article. Returns the PDF and its page count.
 */
export async function renderVolumePdf(book: Book, context: VolumePrintContext): Promise<{pdf: Uint8Array; pages: number}> {
  const {options, browser, signal} = context
  const {printPdf, finishPrinted} = await import('../pdf.ts')
  const {linkTargets} = await import('../pdf-accessibility.ts')
  const settings = {...options.print, runningHead: true as const}
  const chapters = await Promise.all(book.chapters.map(async ({article, tree}) => ({article, tree: await context.printTree(article, tree)})))
  // A link to another article of the volume goes to its page (the article's id, or the id there).
  const members = book.chapters.map(({article}) => article)
  const link = (tree: Root, index: number) => linkMembers(tree, members[index]!, members, ({index: to, fragment}) => `#${chapterId(to)}${fragment ? `-${fragment}` : ''}`)
  const {html, tree} = renderVolumePrint({...book, chapters}, settings, context.templates, context.assets, link)
  // Chromium's bookmarks follow the headings: the volume's title, then each article's title and sections.
  const headings = [book.title, ...book.chapters.flatMap(({article, tree}) => headingTexts({...article, tree}))]
  const first = book.chapters[0]!.article.meta
  const meta: ArticleMeta = {
    ...first,
    title: book.title,
    subtitle: book.subtitle,
    lang: book.lang,
    dir: book.dir,
    author: book.authors,
    contributors: [],
    source: undefined,
    description: undefined,
    cover: undefined,
    keywords: [],
    date: book.date,
    identifier: {kind: 'uuid', value: book.identifier},
    series: undefined,
    print: settings,
    notes: 'endnotes'
  }
  const volume = {meta, file: context.file, slug: book.name}
  const refused = new Set<string>()
  let pages = 0
  const print = {timeout: options.timeout, signal, assets: context.assets.get, onRefused: (url: string) => refused.add(url), linkLabels: linkTargets(tree), onPageCount: (count: number) => void (pages = count)}
  let until: number | undefined
  const printed = await browser.use((b) => printPdf(b, html, volume, headings, {...print, until: (until ??= Date.now() + options.timeout)}))
  const pdf = await finishPrinted(printed, print)
  for (const url of refused) report(context.file, `Unexpected request for \`${url.slice(0, 100)}\` while printing, expected none; refused`, 'request-refused')
  return {pdf, pages}
}
