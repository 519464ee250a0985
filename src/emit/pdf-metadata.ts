import {PDFDict, PDFDocument, PDFHexString, PDFName, PDFString} from 'pdf-lib'
import type {ArticleMeta} from '../types.ts'
import {generator} from '../render/render-documents.ts'

/**
 * Chromium writes only the Title. Fill in the document information from the front matter and
 * the catalog's /Lang; the structure tree and outline stay as they are.
 */
export function setPdfMetadata(doc: PDFDocument, meta: ArticleMeta): void {
  doc.setTitle(meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title, {showInWindowTitleBar: true})
  const author = meta.author.length > 0 ? meta.author : meta.source ? [meta.source] : []
  if (author.length > 0) doc.setAuthor(author.join(', '))
  if (meta.description) doc.setSubject(meta.description)
  if (meta.keywords.length > 0) doc.setKeywords(meta.keywords)
  doc.setCreator(generator)
  doc.setLanguage(meta.lang)
  // Keep the Producer Chromium wrote (it says which engine laid the pages out) and add folio.
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict)
  const producer = info?.get(PDFName.of('Producer'))
  const engine = producer instanceof PDFString || producer instanceof PDFHexString ? producer.decodeText() : ''
  doc.setProducer(engine ? `${generator} (${engine})` : generator)
}
