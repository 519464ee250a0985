import fs from 'node:fs/promises'
import {report} from '../../diagnostics/messages.ts'
import {coverText} from '../../render/cover.ts'
import type {FontSubsetter} from '../../render/font-subset.ts'
import type {Templates} from '../../render/templates.ts'
import type {Article} from '../../types.ts'
import {coverImage} from '../cover/cover-image.ts'
import type {CoverDesign} from '../cover/layout.ts'

/** The cover image an EPUB carries. */
export interface EpubCover {
  data: Uint8Array
  mediaType: string
  extension: string
  /** A small copy for catalogs and the download page (a given `cover:` is its own thumbnail). */
  thumbnail?: Uint8Array
}

export interface CoverContext {
  templates: Templates
  /** The build's fonts, decoded once for all its covers and EPUBs. */
  fonts: FontSubsetter
}

/**
 * The article's cover: its front matter `cover` as it is, else one drawn from its title block
 * (emit/cover/). A cover that cannot be drawn costs the article only its cover, with a warning
 * at its title; the EPUB is still made.
 */
export async function epubCover(article: Article, {templates, fonts}: CoverContext): Promise<EpubCover | undefined> {
  const given = article.file.data.cover
  if (given) return {data: await fs.readFile(given.file), mediaType: given.mediaType, extension: given.extension}
  let design: CoverDesign
  try {
    design = JSON.parse(templates.read('cover.json')) as CoverDesign
  } catch (error) {
    throw new Error(`Cannot read the cover design cover.json: check the --templates folder (${(error as Error).message})`, {cause: error})
  }
  try {
    const {image, thumbnail} = await coverImage(coverText(article), design, fonts)
    return {data: image, mediaType: 'image/png', extension: 'png', thumbnail}
  } catch (error) {
    // At the title the cover is drawn from, when the front matter gives it.
    report(article.file, `Unexpected failure drawing the EPUB's cover (${(error as Error).message.split('\n')[0]}), expected a cover from the title block: the EPUB is made without one; give the article a \`cover:\` image`, 'cover-failed', article.file.data.frontMatterPlaces?.get('title'))
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
