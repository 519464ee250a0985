import fs from 'node:fs'
import path from 'node:path'
import type {ArticleMeta, CollectionRecord, DocumentRecord, Format, Output} from '../types.ts'
import {generator} from '../render/generator.ts'
import {bookIdentifier, nameUuid} from './epub/identifier.ts'
import {documentDate} from './pdf-identity.ts'

/**
 * What the catalog reads of a record: the fields every record has, and those the front matter
 * gives when the build records them (`date`, `author`, `description`; a record without them
 * still makes a valid entry). `identifier` is the EPUB's `dc:identifier` when the record names it.
 */
export type CatalogRecord = DocumentRecord & {date?: string; author?: string[]; description?: string; identifier?: string}

export const catalogName = 'opds.xml'
const catalogType = 'application/atom+xml;profile=opds-catalog;kind=acquisition'
const acquisition = 'http://opds-spec.org/acquisition'
const mediaTypes: Record<Format, string> = {epub: 'application/epub+zip', pdf: 'application/pdf', html: 'text/html'}
// The time an entry with no date of its own carries (none of SOURCE_DATE_EPOCH or front matter
// `date`): 1980-01-01, as the EPUB's zip entries, plainly no real date and the same in every build.
const undated = new Date(Date.UTC(1980, 0, 1))
// The namespace of catalog ids: the v5 UUID of folio's catalog address under RFC 4122's URL namespace.
const catalogNamespace = nameUuid('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://folio.invalid/catalog/')

export interface CatalogOptions {
  /** The catalog's title; default the download page's heading (emit/index-page.ts). */
  title?: string
  /** The feed's permanent id (`catalogId`). */
  id: string
  /** The folder's collections (manifest.json `collections`): an entry each, with the EPUB and PDF volumes. */
  collections?: readonly CollectionRecord[]
  env?: NodeJS.ProcessEnv
}

/**
 * `opds.xml`: an OPDS 1.2 acquisition feed (an Atom feed) of every document, with its EPUB and PDF
 * as acquisition links and its HTML page as the alternate, so e-reader apps (KOReader, Thorium,
 * Calibre) can browse and download the folder. Every link is relative to the feed, so the folder
 * works from any address. Its dates come from SOURCE_DATE_EPOCH or the front matter, never the
 * clock: two builds of the same sources give the same bytes.
 */
export function renderCatalog(documents: readonly CatalogRecord[], {title = 'Documents', id, collections = [], env = process.env}: CatalogOptions): string {
  const bySlug = new Map(documents.map((doc) => [doc.slug, doc]))
  // A collection reads as a document: its outputs, authors and sources are those of its articles; its HTML is none.
  const volumes = collections.map((volume) => volumeRecord(volume, bySlug))
  const entries = [...documents, ...volumes].sort(newestFirst).map((doc) => ({doc, updated: entryDate(doc, env), authors: authorsOf(doc)}))
  const updated = entries.reduce((newest, {updated}) => (updated > newest ? updated : newest), documentDate({}, env) ?? undated)
  // RFC 4287 §4.1.1: a feed names an author unless every entry does. The catalog's own name is
  // the only maker the build knows of, and no person is credited with an article that way.
  const feedAuthor = entries.some(({authors}) => authors.length === 0) ? [person('author', title)] : []
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/" xmlns:opds="http://opds-spec.org/2010/catalog" xml:lang="en">',
    `  <id>${text(id)}</id>`,
    `  <title>${text(title)}</title>`,
    `  <updated>${dateTime(updated)}</updated>`,
    ...feedAuthor.map((line) => `  ${line}`),
    `  <generator>${text(generator)}</generator>`,
    `  ${link({rel: 'self', href: catalogName, type: catalogType})}`,
    `  ${link({rel: 'start', href: catalogName, type: catalogType})}`,
    `  ${link({rel: 'alternate', href: 'index.html', type: 'text/html'})}`,
    ...entries.flatMap(({doc, updated, authors}) => renderEntry(doc, updated, authors)),
    '</feed>',
    ''
  ].join('\n')
}

function renderEntry(doc: CatalogRecord, updated: Date, authors: string[]): string[] {
  const identifier = identifierOf(doc)
  const {epub, pdf, html, cover, thumbnail} = doc.outputs
  const contributors = contributorsOf(doc)
  const lines = [
    `<id>${text(identifier)}</id>`,
    `<title>${text(doc.title)}</title>`,
    `<updated>${dateTime(updated)}</updated>`,
    ...authors.map((name) => person('author', name)),
    ...contributors.map((name) => person('contributor', name)),
    // The publication's identifier, so a reader can tell the downloaded EPUB is this entry's book.
    `<dc:identifier>${text(identifier)}</dc:identifier>`,
    `<dc:language>${text(doc.lang)}</dc:language>`,
    ...(doc.date ? [`<dc:issued>${text(doc.date)}</dc:issued>`] : []),
    ...(doc.attribution?.url ? [`<dc:source>${text(doc.attribution.url)}</dc:source>`] : []),
    ...(doc.description ? [`<summary type="text">${text(doc.description)}</summary>`] : []),
    ...[epub && acquisitionLink(doc, 'epub', epub), pdf && acquisitionLink(doc, 'pdf', pdf)].filter((line) => line !== undefined),
    // OPDS 1.2 §8: the cover, and a small copy readers show in their lists (a given cover is both).
    ...(cover ? [imageLink('http://opds-spec.org/image', cover), imageLink('http://opds-spec.org/image/thumbnail', thumbnail ?? cover)] : []),
    // RFC 4287 §4.1.1: an entry without content has an alternate link. The HTML page is one; an
    // entry without it carries its summary (or title) as its text content instead.
    html ? link({rel: 'alternate', href: relative(html), type: mediaTypes.html, hreflang: doc.lang, length: html.bytes}) : `<content type="text">${text(doc.description ?? doc.title)}</content>`
  ]
  return [`  <entry xml:lang="${attribute(doc.lang)}">`, ...lines.map((line) => `    ${line}`), '  </entry>']
}

function imageLink(rel: string, output: Output): string {
  return link({rel, href: relative(output), type: /\.jpe?g$/i.test(output.path) ? 'image/jpeg' : 'image/png', length: output.bytes})
}

/** A collection as a catalog entry: its articles' authors once each, its volumes as acquisitions, its articles' titles as its summary. */
function volumeRecord(volume: CollectionRecord, bySlug: ReadonlyMap<string, CatalogRecord>): CatalogRecord {
  const articles = volume.articles.map((slug) => bySlug.get(slug))
  const authors = [...new Set(articles.flatMap((doc) => doc?.author ?? []))]
  const titles = volume.articles.map((slug, index) => articles[index]?.title ?? slug)
  return {
    slug: volume.name,
    title: volume.subtitle ? `${volume.title}: ${volume.subtitle}` : volume.title,
    lang: volume.lang,
    source: volume.source,
    ...(volume.date ? {date: volume.date} : {}),
    ...(authors.length > 0 ? {author: authors} : {}),
    description: titles.join(' · '),
    identifier: volume.identifier,
    outputs: volume.outputs
  }
}

function acquisitionLink(doc: CatalogRecord, format: 'epub' | 'pdf', output: Output): string {
  return link({rel: acquisition, href: relative(output), type: mediaTypes[format], hreflang: doc.lang, length: output.bytes, title: format.toUpperCase()})
}

/**
 * The catalog's permanent id (RFC 4287 §4.2.6: unchanged when the folder is moved or rebuilt).
 * Nothing in a build is both permanent and this folder's own (its path changes when it moves; the
 * set of documents, when one is added), so the id is made once, as a name-based UUID of the slugs
 * the folder first holds, and read back from its `opds.xml` by every later build or merge. Two
 * fresh builds of the same sources get the same id, so the same bytes.
 */
export function catalogId(outDir: string, documents: readonly DocumentRecord[]): string {
  try {
    const previous = /<feed\b[^>]*>\s*<id>(urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})<\/id>/.exec(fs.readFileSync(path.join(outDir, catalogName), 'utf8'))
    if (previous) return previous[1]!
  } catch {
    // no catalog yet (or an unreadable one): a new id
  }
  return `urn:uuid:${nameUuid(catalogNamespace, documents.map((doc) => doc.slug).sort().join('\n'))}`
}

/**
 * The EPUB's `dc:identifier` as bookIdentifier gives it: the original's address (`source.url`),
 * else the slug. A front matter `identifier` (an ISBN, a DOI) is in the record only as `identifier`.
 */
function identifierOf(doc: CatalogRecord): string {
  if (doc.identifier) return doc.identifier
  const meta = {title: doc.title, source: doc.attribution} as ArticleMeta
  return bookIdentifier({meta, slug: doc.slug}).value
}

/** The article's authors; else those the source credits as the original's authors (a translation's). */
function authorsOf(doc: CatalogRecord): string[] {
  if (doc.author && doc.author.length > 0) return doc.author
  return (doc.attribution?.contributors ?? []).filter((c) => c.role === 'aut').map((c) => c.name)
}

/** The translators, then the original's other contributors (editors, photographers, …). */
function contributorsOf(doc: CatalogRecord): string[] {
  const others = (doc.attribution?.contributors ?? []).filter((c) => c.role !== 'aut' || (doc.author?.length ?? 0) > 0).map((c) => c.name)
  return [...(doc.attribution?.translators ?? []), ...others]
}

/** SOURCE_DATE_EPOCH, else the front matter's date, else the fixed undated time. */
function entryDate(doc: CatalogRecord, env: NodeJS.ProcessEnv): Date {
  return documentDate({date: doc.date}, env) ?? undated
}

/** Dated documents newest first (as the download page), then by slug. */
function newestFirst(a: CatalogRecord, b: CatalogRecord): number {
  if (a.date !== b.date) return a.date === undefined ? 1 : b.date === undefined ? -1 : b.date.localeCompare(a.date)
  return a.slug.localeCompare(b.slug)
}

function person(role: 'author' | 'contributor', name: string): string {
  return `<${role}><name>${text(name)}</name></${role}>`
}

function link(attributes: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(attributes).filter(([, value]) => value !== undefined && value !== '')
  return `<link ${pairs.map(([key, value]) => `${key}="${attribute(String(value))}"`).join(' ')}/>`
}

/** An output's path as a relative URI reference: each segment percent-encoded, resolved against the feed's own address. */
function relative(output: Output): string {
  return output.path.split('/').map(encodeURIComponent).join('/')
}

function dateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Text as XML 1.0 character data: characters XML 1.0 forbids (C0 controls but tab, LF and CR;
 * lone surrogates; U+FFFE/U+FFFF) and those it discourages (DEL, C1 controls) are taken out,
 * then `&` and `<` and `>` escaped.
 */
function text(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

/** Text as a double-quoted attribute value; tab, LF and CR as references, so a parser keeps them. */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}
