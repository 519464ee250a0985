import type {Article, Role} from '../types.ts'
import {colophonOf, credits, formatDate, sourceReference} from './colophon.ts'

/**
 * What every format says about an article, worked out once so that the PDF (document information
 * and XMP), the EPUB package and the HTML page say the same: each field has one meaning, and a
 * field one format carries, the others carry too.
 */
export interface DocumentMetadata {
  title: string
  subtitle: string
  /** `Title: Subtitle`, for the formats with one title field (PDF Title, XMP `dc:title`, HTML `<title>`). */
  fullTitle: string
  lang: string
  /** The article's authors (front matter `author`), never the publisher. */
  authors: string[]
  /** Who published the source (`source.publisher`): XMP and EPUB `dc:publisher`. */
  publisher: string
  /** The publication date as written (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), or ''. */
  date: string
  /** The same as the article's language writes it: “30 November 2026”, „30. November 2026“. */
  displayDate: string
  /** Written in front matter, else where the text comes from (the colophon), else its first sentence. */
  description: string
  keywords: string[]
  /** The source in a few words: its address, else publisher and title (`dc:source`). */
  sourceReference: string
  /** The licence (`dc:rights`). */
  rights: string
  /** Everyone credited besides the authors, with a MARC role (EPUB), and each name once (XMP, HTML). */
  credits: Array<{name: string; role: Role}>
  creditedNames: string[]
}

export function documentMetadata(article: Pick<Article, 'meta' | 'file'>): DocumentMetadata {
  const {meta} = article
  const credited = credits(meta)
  const written = article.file.data.frontMatterPlaces?.has('description') ? meta.description : undefined
  return {
    title: meta.title,
    subtitle: meta.subtitle ?? '',
    fullTitle: meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title,
    lang: meta.lang,
    authors: meta.author,
    publisher: meta.source?.publisher ?? '',
    date: meta.date ?? '',
    displayDate: meta.date ? formatDate(meta.date, meta.lang) : '',
    description: written ?? colophonOf(meta)?.text ?? meta.description ?? '',
    keywords: meta.keywords,
    sourceReference: sourceReference(meta.source),
    rights: meta.source?.licence ?? '',
    credits: credited,
    creditedNames: [...new Set(credited.map((c) => c.name))]
  }
}
