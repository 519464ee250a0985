import crypto from 'node:crypto'
import type {Article} from '../../types.ts'
import type {Identifier} from '../../load/identifier.ts'

// RFC 4122's namespace for names that are URLs, and folio's own for slugs (itself the v5 UUID of
// folio's slug namespace address under the URL namespace, so it is no number picked by hand).
const urlNamespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8'
const slugNamespace = nameUuid(urlNamespace, 'https://folio.invalid/slug/')

/**
 * The book's identifier for good: the front matter's `identifier`, else a name-based UUID of
 * what does not change when the text is corrected: the original's address (`source.url`), else
 * the slug (the title only for a document without one, as a merged PDF). Never the title or the language: fixing a typo must not make a new book in a reader's
 * library, and a re-download must replace the old copy.
 */
export function bookIdentifier(article: Pick<Article, 'meta'> & {slug?: string}): Identifier {
  if (article.meta.identifier) return article.meta.identifier
  const url = article.meta.source?.url
  return {kind: 'uuid', value: `urn:uuid:${url ? nameUuid(urlNamespace, url) : nameUuid(slugNamespace, article.slug ?? article.meta.title)}`}
}

/** ONIX code list 5's code for the identifier's kind (EPUB `identifier-type`), where it has one. */
export function onixIdentifierType(identifier: Identifier): string | undefined {
  if (identifier.kind === 'isbn') return identifier.value.length === 'urn:isbn:'.length + 13 ? '15' : '02'
  return {doi: '06', urn: '22', url: undefined, uuid: undefined}[identifier.kind]
}

/** A name-based UUID, version 5 (RFC 4122 §4.3: SHA-1 over the namespace's bytes and the name). */
export function nameUuid(namespace: string, name: string): string {
  const hash = crypto.createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
