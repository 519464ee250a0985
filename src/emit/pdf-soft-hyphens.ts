import {PDFArray, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFDocument} from 'pdf-lib'

// Chromium wraps each soft hyphen it draws in `/Span <</ActualText <feff00ad>>> BDC … EMC`, which
// makes text extraction (search, copy, screen readers) see U+00AD inside every hyphenated word.
const softHyphenSpan = /\/ActualText\s*<feff00ad>/gi

/**
 * Empty the ActualText of soft-hyphen spans in every page's content, so unbroken words extract
 * whole ("pemerintahan", not "pe­me­rin­tah­an"). The marked-content structure, and so the tags,
 * stay exactly as they were.
 */
export function emptySoftHyphenText(doc: PDFDocument): number {
  let replaced = 0
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'))
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents]
    for (const ref of refs) {
      if (!(ref instanceof PDFRef)) continue
      const stream = doc.context.lookup(ref)
      if (!(stream instanceof PDFRawStream)) continue
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')
      let count = 0
      const fixed = text.replace(softHyphenSpan, () => {
        count++
        return '/ActualText <feff>'
      })
      if (count === 0) continue
      replaced += count
      doc.context.assign(ref, doc.context.flateStream(Buffer.from(fixed, 'latin1')))
    }
  }
  return replaced
}
