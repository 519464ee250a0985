import type {Root} from 'hast'
import type {Options} from '../../config/options.ts'
import {directionOf} from '../../load/article-meta.ts'
import type {Collection} from '../../load/collections.ts'
import {formatDate} from '../../render/colophon.ts'
import type {Article, Role} from '../../types.ts'
import {modifiedDate} from '../epub/package-metadata.ts'
import {nameUuid} from '../epub/identifier.ts'
import {documentDate} from '../pdf-identity.ts'
import {documentMetadata} from '../../render/document-metadata.ts'

/** One article of a volume, with the tree it was rendered from. */
export interface Chapter {
  article: Article
  tree: Root
}

/** What a collection's EPUB and PDF are made from: the collection file's metadata and its articles, in order. */
export interface Book {
  name: string
  title: string
  subtitle?: string
  lang: string
  dir: 'ltr' | 'rtl'
  date?: string
  /** The date as the volume's language writes it, or ''. */
  displayDate: string
  /** The EPUB's `dc:identifier` and the PDF's permanent ID: from the name, so a corrected volume replaces the old one in a library. */
  identifier: string
  /** dcterms:modified and the zip entries' time: SOURCE_DATE_EPOCH, else `date`, else the newest article's. */
  modified: Date
  /** Every article's authors, each name once, in order. */
  authors: string[]
  /** Everyone else credited in any article, each name and role once. */
  credits: Array<{name: string; role: Role}>
  chapters: Chapter[]
}

// Collections' identifiers: name-based UUIDs under folio's own namespace for them (the v5 UUID of
// its address under RFC 4122's URL namespace), so no collection shares an id with an article.
const collectionNamespace = nameUuid('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://folio.invalid/collection/')

/** `urn:uuid:…` of a collection's name. */
export function collectionIdentifier(name: string): string {
  return `urn:uuid:${nameUuid(collectionNamespace, name)}`
}

/**
 * The volume's metadata: the collection file's, its language defaulting to the one every article
 * shares (else the build's `lang`), and dates that never come from the clock.
 */
export function bookOf(collection: Collection, chapters: Chapter[], options: Pick<Options, 'lang'>, env: NodeJS.ProcessEnv = process.env): Book {
  const langs = new Set(chapters.map(({article}) => article.meta.lang))
  const lang = collection.lang ?? (langs.size === 1 ? [...langs][0]! : options.lang)
  const dated = documentDate({date: collection.date}, env)
  const modified = dated
    ? new Date(Math.floor(dated.getTime() / 1000) * 1000)
    : new Date(Math.max(...chapters.map(({article}) => modifiedDate(article, env).getTime())))
  const credits = new Map<string, {name: string; role: Role}>()
  for (const {article} of chapters) for (const credit of documentMetadata(article).credits) credits.set(`${credit.role}\u0000${credit.name}`, credit)
  return {
    name: collection.name,
    title: collection.title,
    ...(collection.subtitle ? {subtitle: collection.subtitle} : {}),
    lang,
    dir: directionOf(lang),
    ...(collection.date ? {date: collection.date} : {}),
    displayDate: collection.date ? formatDate(collection.date, lang) : '',
    identifier: collectionIdentifier(collection.name),
    modified,
    authors: [...new Set(chapters.flatMap(({article}) => article.meta.author))],
    credits: [...credits.values()],
    chapters
  }
}

/** What templates/collection-title.html reads: every field present, empty when not given. */
export function titlePageData(book: Pick<Book, 'title' | 'subtitle' | 'authors' | 'displayDate'>): {title: string; subtitle: string; authors: string[]; displayDate: string} {
  return {title: book.title, subtitle: book.subtitle ?? '', authors: book.authors, displayDate: book.displayDate}
}
