import {PDFDict, PDFHexString, PDFName, type PDFDocument} from 'pdf-lib'

/**
 * Chromium builds bookmark titles from the laid-out lines and drops the space where a heading
 * wraps ("Korea UtaraMenandakan"). Its bookmarks follow the headings in document order, so give
 * each the heading's real text. If the counts differ, the outline is left as Chromium made it.
 */
export function setOutlineTitles(doc: PDFDocument, headings: readonly string[]): void {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)
  if (!outlines) return
  const items: PDFDict[] = []
  const walk = (item: PDFDict | undefined) => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      items.push(node)
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict))
    }
  }
  walk(outlines.lookupMaybe(PDFName.of('First'), PDFDict))
  if (items.length !== headings.length) return
  items.forEach((item, index) => item.set(PDFName.of('Title'), PDFHexString.fromText(headings[index]!)))
}
