import fs from 'node:fs/promises'
import type {Options} from '../../config/options.ts'
import {report} from '../../diagnostics/messages.ts'
import {coverSize, renderCover} from '../../render/cover.ts'
import type {PrintAssets} from '../../render/print-assets.ts'
import type {Templates} from '../../render/templates.ts'
import type {Article} from '../../types.ts'
import type {BrowserSession} from '../browser-session.ts'
import {CoverTimeoutError, renderCoverImage} from '../cover-image.ts'

/** The cover image an EPUB carries. */
export interface EpubCover {
  data: Uint8Array
  mediaType: string
  extension: string
}

export interface CoverContext {
  templates: Templates
  options: Options
  assets: PrintAssets
  browser?: BrowserSession
  /** Why an EPUB-only build has no browser (none found, or it would not start). */
  coverProblem?: string
  /** The build's: aborting it ends the drawing with its reason, instead of a warning. */
  signal?: AbortSignal
}

/**
 * The article's cover: its front matter `cover` as it is, else one drawn from its title block
 * (render/cover.ts). Without a browser, or when the browser cannot draw it within `--timeout`, the
 * EPUB is still made, without a cover, and the article gets one warning that says why and how to
 * have one; the other articles' covers are drawn as usual.
 */
export async function epubCover(article: Article, {templates, options, assets, browser, coverProblem, signal}: CoverContext): Promise<EpubCover | undefined> {
  const given = article.file.data.cover
  if (given) return {data: await fs.readFile(given.file), mediaType: given.mediaType, extension: given.extension}
  if (!browser) {
    const why = coverProblem?.split('\n')[0] ?? 'no browser'
    report(article.file, `Unexpected missing browser to draw the EPUB's cover (${why}), expected Chromium or Chrome: the EPUB is made without a cover. Install one (\`sudo apt-get install chromium\` or \`npx puppeteer browsers install chrome\`), point --browser at one, or give the article a \`cover:\` image`, 'cover-no-browser')
    return undefined
  }
  const html = renderCover(article, templates, assets)
  try {
    return {data: await renderCoverImage(browser, html, assets, coverSize, {timeout: options.timeout, signal}), mediaType: 'image/png', extension: 'png'}
  } catch (error) {
    if (signal?.aborted) throw error
    const message = error instanceof CoverTimeoutError
      ? error.message
      : `Unexpected failure drawing the EPUB's cover (${(error as Error).message.split('\n')[0]}), expected Chromium to draw it: the EPUB is made without a cover`
    // At the title the cover is drawn from, when the front matter gives it.
    report(article.file, message, 'cover-failed', article.file.data.frontMatterPlaces?.get('title'))
    return undefined
  }
}

/** What the EPUB templates say of the cover (`folio.cover`), and the files it adds to the book. */
export function coverParts(cover: EpubCover, folio: {lang: string; dir: string; title: string}, templates: Templates) {
  const data = {image: `images/cover.${cover.extension}`, mediaType: cover.mediaType, page: 'cover.xhtml', label: coverLabel(folio.lang), alt: folio.title}
  const page = templates.render('epub/cover.xhtml.ejs', {folio: {...folio, cover: data}})
  return {
    data,
    files: [
      {name: `OEBPS/${data.page}`, data: page},
      {name: `OEBPS/${data.image}`, data: cover.data}
    ]
  }
}

// The cover page's name in the navigation's landmarks, per language (English when missing).
// To move to render/labels.ts when the landmarks' other names land there.
const coverLabels: Record<string, string> = {
  en: 'Cover', id: 'Sampul', de: 'Umschlag', fr: 'Couverture', nl: 'Omslag', es: 'Cubierta', it: 'Copertina',
  pt: 'Capa', ru: 'Обложка', pl: 'Okładka', sv: 'Omslag', ar: 'الغلاف', he: 'כריכה', ja: '表紙', ko: '표지', zh: '封面'
}

function coverLabel(lang: string): string {
  return coverLabels[lang.toLowerCase().split('-')[0] ?? 'en'] ?? coverLabels.en!
}
