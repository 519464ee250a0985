// PDF post-processing runs on a worker thread; it must give the bytes the main thread would.
import {randomBytes} from 'node:crypto'
import {PDFDocument, PDFName, PDFString} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {finishPdf, type FinishInput} from '../../src/emit/pdf-finish.ts'
import {finishPdfOffThread, pdfFinisherStarts, pdfFinisherThread} from '../../src/emit/pdf-finisher.ts'
import {renumberStructureIds} from '../../src/emit/pdf-structure-ids.ts'

async function input(): Promise<FinishInput> {
  const doc = await PDFDocument.create()
  doc.addPage([200, 200]).drawText('Halo', {x: 20, y: 100})
  const pdf = await doc.save()
  return {
    pdf,
    metadata: {fullTitle: 'Uji', authors: ['Ani'], keywords: ['a'], lang: 'id', sourceReference: '', creditedNames: [], description: 'Ringkas'} as unknown as FinishInput['metadata'],
    date: new Date(Date.UTC(2024, 0, 2)),
    identifier: 'urn:uuid:00000000-0000-5000-8000-000000000000',
    version: '<html>',
    bookmarks: [],
    attachments: [{name: 'uji.md', bytes: new TextEncoder().encode('# Uji\n'), mimeType: 'text/markdown', description: 'source', date: new Date(Date.UTC(2024, 0, 2))}],
    linkLabels: new Map()
  }
}

describe('finishing a PDF off the main thread', () => {
  it('gives the same bytes on the worker thread as on the main thread', async () => {
    const off = (await finishPdfOffThread(await input())).pdf
    expect(pdfFinisherThread()).toBe('worker')
    const on = (await finishPdf(await input())).pdf
    expect(Buffer.from(off).equals(Buffer.from(on))).toBe(true)
    const doc = await PDFDocument.load(off)
    expect(doc.getTitle()).toBe('Uji')
    expect(doc.getAuthor()).toBe('Ani')
  }, 60_000)

  it('finishes several PDFs at once, each with its own result', async () => {
    const inputs = await Promise.all([1, 2, 3].map(async (n) => ({...(await input()), identifier: `urn:x-test:${n}`, metadata: {...(await input()).metadata, fullTitle: `Uji ${n}`}})))
    const results = await Promise.all(inputs.map((i) => finishPdfOffThread(i)))
    const titles = await Promise.all(results.map(async ({pdf}) => (await PDFDocument.load(pdf)).getTitle()))
    expect(titles).toEqual(['Uji 1', 'Uji 2', 'Uji 3'])
  }, 60_000)
})

describe('a large PDF', () => {
  it('ends the worker after it (its heap stays that large otherwise) and starts a fresh one for the next', async () => {
    const large = {...(await input()), attachments: [{name: 'big.bin', bytes: new Uint8Array(randomBytes(3 * 1024 * 1024)), mimeType: 'application/octet-stream', description: 'big'}]}
    await finishPdfOffThread(await input())
    const before = pdfFinisherStarts()
    expect((await finishPdfOffThread(large)).pdf.byteLength).toBeGreaterThan(2 * 1024 * 1024)
    expect(pdfFinisherThread()).toBe('worker') // ended on purpose: not broken
    const {pdf: next} = await finishPdfOffThread(await input())
    expect((await PDFDocument.load(next)).getTitle()).toBe('Uji')
    expect(pdfFinisherThread()).toBe('worker')
    expect(pdfFinisherStarts()).toBe(before + 1)
  }, 60_000)
})

describe('structure element IDs', () => {
  it('renumbers Chromium\'s node IDs from 1 in their order, in the elements, /Headers and the ID tree', async () => {
    const doc = await PDFDocument.create()
    const c = doc.context
    const th1 = c.obj({S: 'TH', ID: PDFString.of('node00000092')})
    const th2 = c.obj({S: 'TH', ID: PDFString.of('node00000095')})
    const td = c.obj({S: 'TD', Headers: [PDFString.of('node00000092'), PDFString.of('node00000095')], A: c.obj({O: 'Table', Headers: [PDFString.of('node00000095')]})})
    const refs = [th1, th2, td].map((d) => c.register(d))
    const leaf = c.register(c.obj({Limits: [PDFString.of('node00000092'), PDFString.of('node00000095')], Names: [PDFString.of('node00000092'), refs[0]!, PDFString.of('node00000095'), refs[1]!]}))
    const root = c.obj({Type: 'StructTreeRoot', K: c.obj([refs[0]!, refs[1]!, refs[2]!]), IDTree: c.obj({Kids: [leaf]})})
    doc.catalog.set(PDFName.of('StructTreeRoot'), c.register(root))
    expect(renumberStructureIds(doc)).toBe(2)
    const text = (o: unknown) => (o as PDFString).decodeText()
    expect(text(th1.get(PDFName.of('ID')))).toBe('node00000001')
    expect(text(th2.get(PDFName.of('ID')))).toBe('node00000002')
    expect(td.lookup(PDFName.of('Headers'))!.toString()).toBe('[ (node00000001) (node00000002) ]')
    expect(String(c.lookup(leaf))).toContain(`/Names [ (node00000001) ${refs[0]} (node00000002) ${refs[1]} ]`)
    expect(String(c.lookup(leaf))).toContain('/Limits [ (node00000001) (node00000002) ]')
    expect(String(td.get(PDFName.of('A')))).toContain('(node00000002)')
  })
})
