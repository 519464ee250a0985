// The print's one pass over its content streams: artifacts and soft hyphens in the same scan.
import zlib from 'node:zlib'
import {PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFRef} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {editPrintedContent} from '../../src/emit/pdf-content-pass.ts'
import {scanOperators} from '../../src/emit/pdf-content.ts'

const text = (doc: PDFDocument, ref: PDFRef) => zlib.inflateSync((doc.context.lookup(ref) as PDFRawStream).contents).toString('latin1')

async function printed(...streams: string[]) {
  const doc = await PDFDocument.create()
  const page = doc.addPage()
  const refs = streams.map((stream) => doc.context.register(doc.context.flateStream(Buffer.from(stream, 'latin1'))))
  page.node.set(PDFName.of('Contents'), doc.context.obj(refs))
  return {doc, refs}
}

describe('editPrintedContent', () => {
  it('wraps untagged marks as artifacts and empties soft-hyphen text in the same stream, deflated once', async () => {
    const {doc, refs} = await printed('BT /F4 11 Tf (2 / 5) Tj ET\n/Span<</ActualText <feff00ad> >> BDC\nBT <00c4> Tj ET\nEMC\n')
    expect(editPrintedContent(doc)).toEqual({untagged: 0, softHyphens: 1})
    expect(text(doc, refs[0]!)).toBe('\n/Artifact BMC\nBT /F4 11 Tf (2 / 5) Tj ET\n\nEMC\n/Span<</ActualText <feff> >> BDC\nBT <00c4> Tj ET\nEMC\n')
  })

  it('leaves a stream with nothing to change as it was, and counts marks it cannot wrap', async () => {
    const {doc, refs} = await printed('/P <</MCID 0 >>BDC BT (a) Tj EMC ET', '/P <</MCID 1 >>BDC (b) Tj EMC')
    const before = refs.map((ref) => doc.context.lookup(ref))
    expect(editPrintedContent(doc)).toEqual({untagged: 0, softHyphens: 0})
    expect(refs.map((ref) => doc.context.lookup(ref))).toEqual(before)
    const straddling = await printed('BT /P <</MCID 0 >>BDC (a) Tj EMC (b) Tj ET')
    expect(editPrintedContent(straddling.doc).untagged).toBe(1)
  })

  it('empties soft hyphens in form XObjects, which are not pages: their marks are tagged where the page draws them', async () => {
    const {doc} = await printed('/P <</MCID 0 >>BDC /X1 Do EMC')
    const form = doc.context.flateStream(Buffer.from('(1) Tj /Span<</ActualText <feff00ad> >> BDC <00c4> Tj EMC', 'latin1'), {Subtype: 'Form', BBox: [0, 0, 10, 10]})
    const ref = doc.context.register(form)
    expect(editPrintedContent(doc)).toEqual({untagged: 0, softHyphens: 1})
    expect(text(doc, ref)).toBe('(1) Tj /Span<</ActualText <feff> >> BDC <00c4> Tj EMC')
    expect((doc.context.lookup(ref) as PDFRawStream).dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('Form'))
    expect(doc.getPages()[0]!.node.lookup(PDFName.of('Contents'), PDFArray).size()).toBe(1)
  })
})

describe('scanOperators', () => {
  it('gives each operator with where its operands start, skipping strings, comments and inline image data', () => {
    const found: Array<[string, number, number, number]> = []
    const stream = '/P <</MCID 0>> BDC (EMC \\) x) Tj % EMC\nBI /W 1 ID \u00ff EMC\nEI EMC'
    scanOperators(stream, (...operator) => void found.push(operator))
    expect(found.map(([op]) => op)).toEqual(['BDC', 'Tj', 'BI', 'ID', 'EMC'])
    expect(found[0]).toEqual(['BDC', 0, 15, 18])
    expect(stream.slice(found[1]![1], found[1]![2])).toBe('(EMC \\) x) ')
    expect(found[3]![3]).toBe(stream.indexOf('\nEI') + 3)
  })
})
