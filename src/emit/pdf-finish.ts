import {PDFDocument, ParseSpeeds} from 'pdf-lib'
import type {DocumentMetadata} from '../render/document-metadata.ts'
import {completeTagging, conformsToPdfUa} from './pdf-accessibility.ts'
import {type Attachment, attachFiles} from './pdf-attachments.ts'
import {editPrintedContent} from './pdf-content-pass.ts'
import {setDocumentId} from './pdf-identity.ts'
import {setPdfMetadata} from './pdf-metadata.ts'
import {setOutlineTitles} from './pdf-outline.ts'
import {renumberStructureIds} from './pdf-structure-ids.ts'
import {type PageMarks, type PrintedPlaces, printedPlaces} from './pdf-destinations.ts'

/**
 * What finishing a printed PDF needs, as plain data (it crosses to a worker thread): no article,
 * no syntax tree, no file — what they say, worked out by the caller.
 */
export interface FinishInput {
  pdf: Uint8Array
  metadata: DocumentMetadata
  /** The file's own date (documentDate), or none: then Chromium's dates are removed. */
  date?: Date
  /** The book's identifier (the EPUB's too): what stays the same across versions; `version` (the print HTML) makes this one. */
  identifier: string
  version: string
  bookmarks: readonly string[]
  attachments: readonly Attachment[]
  linkLabels: ReadonlyMap<string, string>
  /** The blocks' destinations given for the EPUB's page-list (page-starts.ts), read and taken out here. */
  marks?: PageMarks
}

/** The finished PDF, and what its print said of the blocks' pages. */
export interface Finished {
  pdf: Uint8Array
  printed: PrintedPlaces
}

/**
 * Everything folio does to Chromium's PDF after the print: one pass over the content streams
 * (untagged marks become artifacts, soft hyphens leave ActualText), tags completed and their IDs
 * made independent of the page's history, metadata,
 * document ID, bookmark titles and attachments; then saved once.
 */
export async function finishPdf(input: FinishInput): Promise<Finished> {
  // pdf-lib yields to the event loop (a setTimeout each) every 100 objects read and 50 written:
  // no work saved, only waits behind the rest of the build. A few ms in one go is cheaper.
  const doc = await PDFDocument.load(input.pdf, {updateMetadata: false, parseSpeed: ParseSpeeds.Fastest})
  const printed = printedPlaces(doc, input.marks)
  const {untagged} = editPrintedContent(doc)
  const tagging = completeTagging(doc, input.linkLabels, untagged)
  renumberStructureIds(doc)
  setPdfMetadata(doc, input.metadata, input.date, input.identifier, {pdfUa: conformsToPdfUa(tagging)})
  setDocumentId(doc, input.identifier, input.version)
  setOutlineTitles(doc, input.bookmarks)
  await attachFiles(doc, input.attachments)
  const pdf = await doc.save({useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity})
  return {pdf, printed}
}
