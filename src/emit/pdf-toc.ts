import {PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, ParseSpeeds} from 'pdf-lib'

/**
 * The page (1-based) of each named destination Chromium wrote: one per element id a link points
 * at, in the catalog's /Dests. Chromium's print layout cannot tell the page it is laying out where
 * its pages break, but the printed file knows where every linked heading landed.
 */
export async function destinationPages(pdf: Uint8Array): Promise<{pages: Map<string, number>; pageCount: number}> {
  const doc = await PDFDocument.load(pdf, {updateMetadata: false, parseSpeed: ParseSpeeds.Fastest})
  const pageOf = new Map<PDFRef, number>()
  doc.getPages().forEach((page, index) => pageOf.set(page.ref, index + 1))
  const found = new Map<string, number>()
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  for (const [name, value] of dests?.entries() ?? []) {
    const target = doc.context.lookup(value)
    const page = target instanceof PDFArray ? target.get(0) : undefined
    const number = page instanceof PDFRef ? pageOf.get(page) : undefined
    if (number) found.set(nameText(name), number)
  }
  return {pages: found, pageCount: doc.getPageCount()}
}

/**
 * The running head of each page (index 0 is page 1) of a document with sections, as journals and
 * LaTeX's `\rightmark` set it: the first section that begins on the page, else the one the page
 * continues; before the first section, `fallback` (the title).
 */
export function sectionHeads(sections: ReadonlyArray<{text: string; page: number | undefined}>, pageCount: number, fallback: string): string[] {
  const heads: string[] = []
  let current = fallback
  for (let page = 1; page <= pageCount; page++) {
    const starting = sections.filter((section) => section.page === page)
    heads.push(starting[0]?.text ?? current)
    if (starting.length > 0) current = starting.at(-1)!.text
  }
  return heads
}

/** A PDF name's text: `#xx` escapes are bytes of the UTF-8 id (`Kata#20Pengantar`, `#D0#9E…`). */
export function nameText(name: PDFName): string {
  const raw = name.asString().slice(1)
  const bytes: number[] = []
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '#' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(raw.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(raw.charCodeAt(i))
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes))
}
