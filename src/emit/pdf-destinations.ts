import {PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFDocument} from 'pdf-lib'
import type {BlockPlace} from './page-starts-map.ts'
import {nameText} from './pdf-toc.ts'

// The PDF side of the EPUB's page-list (page-starts.ts), run where the PDF is finished (a worker
// thread, pdf-finish.ts): what the printed file says, and the file put back as it would be without it.

/** Destinations given to the blocks for the print, when Chromium lays the pages out. */
export interface PageMarks {
  names: string[]
  /** Destinations only folio asked for: taken out of the PDF again. */
  extra: string[]
}

/** How many pages the PDF has, and each marked block's page and place (none without marks). */
export interface PrintedPlaces {
  pageCount: number
  places: Array<BlockPlace | undefined>
}

/** Read the blocks' places (when marked) and take their destinations out; the rest in name order. */
export function printedPlaces(doc: PDFDocument, marks: PageMarks | undefined): PrintedPlaces {
  const places = marks ? takeDestinations(doc, marks) : []
  sortDestinations(doc)
  return {pageCount: doc.getPageCount(), places}
}

/**
 * Each block's place from its named destination (`[page /XYZ left top zoom]`, `top` in points from
 * the page's foot; Chromium counts from the text area's top-left), and the destinations only folio
 * asked for removed.
 */
function takeDestinations(doc: PDFDocument, marks: PageMarks): Array<BlockPlace | undefined> {
  const pageOf = new Map<PDFRef, {number: number; height: number}>()
  doc.getPages().forEach((page, index) => pageOf.set(page.ref, {number: index + 1, height: page.getHeight()}))
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  const found = new Map<string, BlockPlace>()
  const extra = new Set(marks.extra)
  for (const [name, value] of dests?.entries() ?? []) {
    const text = nameText(name)
    const target = doc.context.lookup(value)
    const ref = target instanceof PDFArray ? target.get(0) : undefined
    const top = target instanceof PDFArray ? target.get(3) : undefined
    const page = ref instanceof PDFRef ? pageOf.get(ref) : undefined
    if (page && top instanceof PDFNumber) found.set(text, {page: page.number, y: (page.height - top.asNumber()) / 0.75})
    if (extra.has(text)) dests!.delete(name)
  }
  return marks.names.map((name) => found.get(name))
}

/**
 * The catalog's named destinations in name order. Chromium writes them in hash order, which
 * depends on every name it was given: sorted, a print with the blocks' destinations taken out
 * again is the same as one without them.
 */
export function sortDestinations(doc: PDFDocument): void {
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (!dests) return
  const entries = dests.entries().sort(([a], [b]) => (a.asString() < b.asString() ? -1 : a.asString() > b.asString() ? 1 : 0))
  if (entries.length === 0) {
    doc.catalog.delete(PDFName.of('Dests'))
    return
  }
  for (const [name] of entries) dests.delete(name)
  for (const [name, value] of entries) dests.set(name, value)
}
