import crypto from 'node:crypto'
import type {Article} from '../../types.ts'
import {documentDate} from '../pdf-identity.ts'
import {bookIdentifier, onixIdentifierType} from './identifier.ts'

// 1980-01-01, the earliest time a zip entry can carry: plainly no real date of the article's.
const undatedBase = Date.UTC(1980, 0, 1)
const yearSeconds = 365 * 24 * 60 * 60

/**
 * When the book last changed (`dcterms:modified`, and every zip entry's time): SOURCE_DATE_EPOCH
 * when set (reproducible-builds.org), else the article's own `date`, else a time in 1980 taken
 * from a hash of the Markdown, so another text gives another time and the same text the same one.
 * Never a file's mtime or the clock: a fresh clone or a second build must give the same bytes.
 */
export function modifiedDate(article: Pick<Article, 'meta' | 'file'>, env: NodeJS.ProcessEnv = process.env): Date {
  const dated = documentDate(article.meta, env)
  if (dated) return new Date(Math.floor(dated.getTime() / 1000) * 1000)
  const digest = crypto.createHash('sha256').update(String(article.file.value)).digest()
  return new Date(undatedBase + (digest.readUInt32BE(0) % yearSeconds) * 1000)
}

/** What the package document says besides the fields every format shares (documentMetadata). */
export function packageMetadata(article: Pick<Article, 'meta' | 'slug'>, modified: Date) {
  const identifier = bookIdentifier(article)
  const {source, series} = article.meta
  return {
    identifier: identifier.value,
    identifierType: onixIdentifierType(identifier) ?? '',
    modified: modified.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    // `dc:source` is the original's address when it has one; its title then refines it.
    sourceTitle: source?.url && source.title ? source.title : '',
    series: series ?? null
  }
}
