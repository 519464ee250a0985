import crypto from 'node:crypto'
import {PDFArray, PDFDict, PDFHexString, PDFName, type PDFDocument} from 'pdf-lib'
import type {ArticleMeta} from '../types.ts'

/**
 * The date a reproducible PDF carries as CreationDate and ModDate: SOURCE_DATE_EPOCH when set
 * (reproducible-builds.org), else the front matter's publication date; undefined when neither is
 * known. Never the moment of printing: two builds of one source must give the same bytes.
 */
export function documentDate(meta: Pick<ArticleMeta, 'date'>, env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const epoch = Number(env.SOURCE_DATE_EPOCH)
  if (env.SOURCE_DATE_EPOCH && Number.isFinite(epoch)) return new Date(epoch * 1000)
  if (!meta.date) return undefined
  const [year, month, day] = meta.date.split('-').map(Number)
  return new Date(Date.UTC(year!, (month ?? 1) - 1, day ?? 1))
}

/** Take out the dates Chromium wrote, when no reproducible one is known: no date is better than a random one. */
export function removeDates(doc: PDFDocument): void {
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict)
  info?.delete(PDFName.of('CreationDate'))
  info?.delete(PDFName.of('ModDate'))
}

/**
 * The trailer's /ID (PDF 32000-1 §14.4): the first string names the document for good (from what
 * does not change when the text is corrected: the slug), the second this version of it (from the
 * page Chromium printed and the first). Chromium writes none; PDF/A and PDF/UA checkers expect one.
 */
export function setDocumentId(doc: PDFDocument, permanent: string, version: string): void {
  const digest = (text: string) => PDFHexString.of(crypto.createHash('sha256').update(text).digest().subarray(0, 16).toString('hex'))
  doc.context.trailerInfo.ID = PDFArray.withContext(doc.context)
  const id = doc.context.trailerInfo.ID as PDFArray
  id.push(digest(`folio:${permanent}`))
  id.push(digest(`folio:${permanent}\n${version}`))
}
