import crypto from 'node:crypto'
import type {Article, DocumentRecord} from '../types.ts'
import {countArticleWords} from './word-count.ts'
import {bookIdentifier} from './epub/identifier.ts'

type Description = Pick<DocumentRecord, 'pages' | 'words' | 'date' | 'author' | 'description' | 'sourceSha256' | 'identifier'>

/**
 * What manifest.json says of an article besides its outputs, in a fixed order and only what is
 * known: the PDF's page count (`pages`, from the build's own PDF), the text's word count, the
 * front matter's date, authors and description, and the SHA-256 of the Markdown as read (so an
 * archive can tell which source the outputs were made from), and the EPUB's identifier.
 */
export function describeArticle(article: Article, pages: number | undefined): Description {
  const {meta, file} = article
  const bytes = file.data.sourceBytes
  const record: Description = {
    pages,
    words: article.tree ? countArticleWords(article.tree, meta.lang) : undefined,
    date: meta.date,
    author: meta.author.length > 0 ? meta.author : undefined,
    // Only as written: the parse stage fills `meta.description` in from the lead paragraph for the EPUB.
    description: file.data.frontMatterPlaces?.has('description') ? meta.description : undefined,
    sourceSha256: bytes ? crypto.createHash('sha256').update(bytes).digest('hex') : undefined,
    // The book's identity for catalogs (opds.xml) and archives: the same the EPUB carries.
    identifier: bookIdentifier(article).value
  }
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))
}
