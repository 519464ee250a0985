import type {Article} from '../types.ts'
import type {PageHost} from './browser-session.ts'
import type {Asset} from '../render/print-assets.ts'
import {PagePool, type PrintPage, unlessAborted} from './page-pool.ts'
import {report} from '../diagnostics/messages.ts'
import {documentMetadata} from '../render/document-metadata.ts'
import {documentDate} from './pdf-identity.ts'
import {finishPdfOffThread} from './pdf-finisher.ts'
import type {FinishInput} from './pdf-finish.ts'
import {bookIdentifier} from './epub/identifier.ts'
import {destinationPages, sectionHeads} from './pdf-toc.ts'
import {limitHyphenRuns} from './hyphen-runs.ts'
import {columnWidth, pageLayout, sectionHeadCss, textHeight} from '../render/page-style.ts'
import type {Attachment} from './pdf-attachments.ts'
import {placeFootnotes} from './footnotes/place-footnotes.ts'
import {markBlocks, numberBlocks, readPageStarts} from './page-starts.ts'
import type {PageStarts} from './page-starts-map.ts'

/** The print of one article took longer than `--timeout`: the article fails, the build goes on. */
export class PrintTimeoutError extends Error {
  /** `during`: what the print was doing when the time ran out, for the message. */
  constructor(readonly timeout: number, during?: string) {
    super(`Unexpected render time over ${timeout} ms for the PDF${during ? ` (while ${during})` : ''}, expected it to finish within \`--timeout\` (${timeout} ms)`)
    this.name = 'PrintTimeoutError'
  }
}

export interface PrintOptions {
  /** `--timeout`: one limit for the whole print (page load, print, post-processing), in ms. */
  timeout: number
  /** When the limit runs out (`Date.now()` time); default `timeout` from now. A retry shares it. */
  until?: number
  /** The build's: aborting it closes the page and rejects with its reason. */
  signal?: AbortSignal
  /** What to answer for a URL the page asks for (its fonts and images); every other request is refused. */
  assets?: (url: string) => Asset | undefined
  onRefused?: (url: string) => void
  /** Files to embed as associated files (`attachSource`): the Markdown and its bibliographies. */
  attachments?: readonly Attachment[]
  /** The text of each element with an id, for the alternate description of links to it. */
  linkLabels?: ReadonlyMap<string, string>
  /** Called with where each printed page begins in the text (the EPUB's page-list); the PDF is the same. */
  onPageStarts?: (starts: PageStarts) => void
  /** Called with the finished PDF's page count (manifest.json's `pages`), read where the PDF is finished. */
  onPageCount?: (pages: number) => void
}

/**
 * Print `html` with Chromium: CSS decides page size and margin boxes, the outline comes from the
 * headings, the PDF is tagged. The page runs no script and reaches no network: its fonts and
 * images are answered from `assets` (files read once per build, not pasted into every page),
 * data: URIs load as such, every other request is refused. The whole print has one deadline: each
 * step gets what is left of it, and running out closes the page. Nothing in it points at folio's
 * files, so a remote browser on another machine prints it the same. Given a pool, it prints on a
 * free page of it and gives the page back, to be reused only if the print ended cleanly; given a
 * browser or context, it opens a page of its own and closes it.
 */
export async function renderPdf(
  host: PagePool | PageHost,
  html: string,
  article: Pick<Article, 'meta' | 'file'> & {slug?: string},
  headings: readonly string[],
  options: PrintOptions
): Promise<Uint8Array> {
  return finishPrinted(await printPdf(host, html, article, headings, options), options)
}

/** A print, not yet post-processed, and when its time runs out. */
export interface Printed {
  input: FinishInput
  until: number
  /** Already finished: a print for a page-list is finished while its page is held (see printPdf). */
  pdf?: Uint8Array
}

/**
 * The browser's part of `renderPdf`: the page is handed back as soon as Chromium has printed, so
 * the next article prints on it while this one is finished (`finishPrinted`) on the worker thread.
 */
export async function printPdf(
  host: PagePool | PageHost,
  html: string,
  article: Pick<Article, 'meta' | 'file'> & {slug?: string},
  headings: readonly string[],
  {timeout, until = Date.now() + timeout, signal, assets, onRefused, attachments = [], linkLabels = new Map(), onPageStarts, onPageCount}: PrintOptions
): Promise<Printed> {
  if (!(host instanceof PagePool)) {
    // A page of its own, closed after the print.
    const pages = new PagePool(host)
    try {
      return await printPdf(pages, html, article, headings, {timeout, until, signal, assets, onRefused, attachments, linkLabels, onPageStarts, onPageCount})
    } finally {
      await pages.close()
    }
  }
  const pages = host
  /** What the print is doing, named in a timeout's message. */
  let doing = until <= Date.now() ? 'waiting for the browser' : 'waiting for a print page'
  const expired = new AbortController()
  const timer = setTimeout(() => expired.abort(new PrintTimeoutError(timeout, doing)), Math.max(0, until - Date.now()))
  const stop = signal ? AbortSignal.any([signal, expired.signal]) : expired.signal
  // A dropped connection should fail the step at once, so the session reconnects and retries
  // while time is left: Puppeteer rejects most calls then, but not every wait is tied to a call.
  const dropped = new AbortController()
  const onDisconnected = () => dropped.abort(new Error('the browser disconnected'))
  let watched: {off(event: 'disconnected', handler: () => void): unknown} | undefined
  // Puppeteer takes 0 as "no limit": a step always gets at least 1 ms.
  const left = () => Math.max(1, until - Date.now())
  const check = () => {
    stop.throwIfAborted()
    if (Date.now() >= until) throw new PrintTimeoutError(timeout, doing)
  }
  /** `work`, unless the deadline or the build's abort comes first; Puppeteer's own timeout is the deadline's. */
  const step = async <T>(work: Promise<T>, what?: string): Promise<T> => {
    if (what) doing = what
    // The work has started: should the time be gone already, its later failure is nobody's.
    work.catch(() => {})
    check()
    try {
      return await unlessAborted(work, AbortSignal.any([stop, dropped.signal]))
    } catch (error) {
      if (stop.aborted) throw stop.reason
      if (dropped.signal.aborted) throw dropped.signal.reason
      if ((error as Error).name === 'TimeoutError') throw new PrintTimeoutError(timeout, doing)
      throw error
    }
  }
  let print: PrintPage | undefined
  let clean = false
  const closePage = () => void print?.page.close().catch(() => {})
  stop.addEventListener('abort', closePage, {once: true})
  const taking = pages.take()
  try {
    print = await step(taking)
    const opened = print.page
    const browser = opened.browser()
    browser.on('disconnected', onDisconnected)
    watched = browser
    if (!browser.connected) onDisconnected()
    print.onRequest = (request) => {
      const url = request.url()
      if (url.startsWith('data:')) return void request.continue()
      const asset = request.method() === 'GET' ? assets?.(url) : undefined
      // The page is about:blank (setContent), so its fonts are cross-origin: they load only with CORS.
      if (asset) return void request.respond({status: 200, contentType: asset.contentType, headers: {'Access-Control-Allow-Origin': '*'}, body: asset.body})
      onRefused?.(url)
      void request.abort('blockedbyclient')
    }
    await step(opened.setContent(html, {waitUntil: 'load', timeout: left()}), 'loading the page')
    // Fonts start loading when layout first needs them, which may be after `load`: print once they are in.
    await step(opened.evaluate(() => document.fonts.ready.then(() => undefined)), 'loading fonts')
    // Margin boxes are laid out only while printing, too late to load a face: a running head in a
    // face the text never used (the italic) would print blank. Load it for the head's characters.
    await step(opened.evaluate(() => {
      const head = document.querySelector<HTMLMetaElement>('meta[name="folio-running-head"]')?.content
      if (!head) return undefined
      return document.fonts.load(`italic 8.5pt ${getComputedStyle(document.documentElement).fontFamily}`, head).then(() => undefined)
    }))
    // At most two hyphenated lines in a row, and none at a page's foot; the layout is final here.
    await step(opened.evaluate(limitHyphenRuns(2, columnWidth(article.meta.print), textHeight(article.meta.print))), 'checking hyphenated lines')
    // Notes at the foot of their page: laid out in page boxes once the lines are final, before the print.
    let bookmarks = headings
    if (onPageStarts) await step(numberBlocks(opened))
    // The page boxes are one column: on a two-column page the notes stay endnotes (and say so).
    if (article.meta.notes === 'footnotes' && pageLayout(article.meta.print).columns === 2) {
      if (await step(opened.evaluate(() => document.querySelector('body > article > section.notes') !== null))) {
        report(article.file, 'Unexpected notes at the foot of a two-column page, expected one column (`print.paper` of ordinary width); the PDF has endnotes', 'footnotes-endnotes')
      }
    } else if (article.meta.notes === 'footnotes') {
      const placed = await step(placeFootnotes(opened, headings), 'placing footnotes')
      bookmarks = placed.headings
      if (placed.fellBack) report(article.file, `Unexpected layout problem for notes at the foot of the page (${placed.fellBack}), expected page boxes that hold the text; the PDF has endnotes`, 'footnotes-endnotes')
    }
    const marks = onPageStarts ? await step(markBlocks(opened)) : undefined
    const printOnce = () => step(opened.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      outline: true,
      tagged: true,
      displayHeaderFooter: false,
      timeout: left()
    }), 'printing')
    let pdf = await printOnce()
    // A table of contents learns its page numbers from the first print; their boxes have a fixed
    // width, so filling them in moves nothing, and the second print has the same pages.
    // A long document (one with a table of contents) also gets its running heads from its sections.
    if (await step(opened.evaluate(() => document.querySelector('.toc-page[data-target]') !== null))) {
      const {pages, pageCount} = await step(destinationPages(pdf), 'filling in the table of contents')
      const pagesOf = Object.fromEntries(pages)
      const sections = await step(opened.evaluate((found: Record<string, number>) => {
        for (const box of document.querySelectorAll<HTMLElement>('.toc-page[data-target]')) box.textContent = String(found[box.dataset.target!] ?? '')
        return [...document.querySelectorAll<HTMLElement>('.toc-level-1 .toc-page[data-target]')].map((box) => ({
          text: box.previousElementSibling?.textContent ?? '',
          page: found[box.dataset.target!]
        }))
      }, pagesOf))
      if (article.meta.print.runningHead === true) {
        const css = sectionHeadCss(article.meta.print, article.meta.dir, sectionHeads(sections, pageCount, article.meta.title))
        await step(opened.evaluate((text: string) => {
          const style = document.createElement('style')
          style.textContent = text
          document.head.append(style)
        }, css))
      }
      pdf = await printOnce()
    }
    const input: FinishInput = {pdf, metadata: documentMetadata(article), date: documentDate(article.meta), identifier: bookIdentifier(article).value, version: html, bookmarks, attachments, linkLabels, marks}
    if (onPageStarts) {
      // For the EPUB's page-list the page stays as printed until the PDF says where the blocks
      // went: those that run over a page break are measured in it, line by line.
      const finished = await step(finishPdfOffThread(input), 'finishing the PDF')
      const starts = await step(readPageStarts(opened, marks, {width: columnWidth(article.meta.print), columns: pageLayout(article.meta.print).columns}, finished.printed), 'finding where the pages begin')
      check()
      onPageStarts(starts)
      onPageCount?.(finished.printed.pageCount)
      clean = true
      return {input, until, pdf: finished.pdf}
    }
    check()
    clean = true
    return {input, until}
  } finally {
    clearTimeout(timer)
    stop.removeEventListener('abort', closePage)
    watched?.off('disconnected', onDisconnected)
    // setContent replaces the whole document, so a page that printed cleanly prints the next article as a new one would.
    if (print) await pages.give(print, clean && !stop.aborted)
    else void taking.then((late) => pages.give(late, false)).catch(() => {}) // opened after the deadline
  }
}

/** Post-process a print off the main thread, within what is left of its deadline (the post-processing counts too). */
export async function finishPrinted({input, until, pdf}: Printed, {timeout, signal, onPageCount}: Pick<PrintOptions, 'timeout' | 'signal' | 'onPageCount'>): Promise<Uint8Array> {
  if (pdf) return pdf
  const expired = new AbortController()
  const timer = setTimeout(() => expired.abort(new PrintTimeoutError(timeout, 'finishing the PDF')), Math.max(0, until - Date.now()))
  try {
    const {pdf: bytes, printed} = await unlessAborted(finishPdfOffThread(input), signal ? AbortSignal.any([signal, expired.signal]) : expired.signal)
    if (Date.now() >= until) throw new PrintTimeoutError(timeout, 'finishing the PDF')
    onPageCount?.(printed.pageCount)
    return bytes
  } finally {
    clearTimeout(timer)
  }
}
