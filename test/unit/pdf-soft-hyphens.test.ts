import zlib from 'node:zlib'
import {PDFArray, PDFDocument, PDFName, PDFRawStream} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {emptySoftHyphenText, removeSoftHyphens, withoutSoftHyphens, type FontCodes} from '../../src/emit/pdf-soft-hyphens.ts'
import {codesFor} from '../../src/emit/pdf-content.ts'

// Content streams written the way Chromium (Skia) writes them: one glyph per `Td … Tj`, glyph ids
// of a Type0 font, `<00c4>` the font's space glyph that HarfBuzz draws for a soft hyphen.
const stream = (...lines: string[]) => ['BT', '/F4 11.33 Tf', ...lines, 'ET'].join('\n')
const literata = (name: string): FontCodes | undefined => (name === 'F4' ? {bytes: 2, spaces: new Set([0xc4])} : undefined)

describe('removeSoftHyphens', () => {
  it('empties a span that says only a soft hyphen', () => {
    const input = stream('5.2 0 Td <0052> Tj', '/Span<</ActualText <feff00ad> >> BDC', '6.48 0 Td <00c4> Tj', 'EMC', '0 0 Td <0049> Tj')
    expect(removeSoftHyphens(input, literata)).toEqual({
      content: stream('5.2 0 Td <0052> Tj', '/Span<</ActualText <feff> >> BDC', '6.48 0 Td <00c4> Tj', 'EMC', '0 0 Td <0049> Tj'),
      count: 1
    })
  })

  it('keeps the letters of a ligature around a soft hyphen, and gives its invisible glyph a span of its own', () => {
    const input = stream('/Span<</ActualText <feff006600ad0066> >> BDC', '10.64 0 Td <007f> Tj', '9.91 0 Td <00c4> Tj', 'EMC', '0 0 Td <004b> Tj')
    expect(removeSoftHyphens(input, literata)).toEqual({
      content: stream(
        '/Span<</ActualText <feff00660066> >> BDC', '10.64 0 Td <007f> Tj',
        'EMC', '/Span<</ActualText <feff> >> BDC', '9.91 0 Td <00c4> Tj', 'EMC',
        '0 0 Td <004b> Tj'
      ),
      count: 1
    })
  })

  it('splits off invisible glyphs drawn before the ligature too (right-to-left runs), and two soft hyphens in one cluster', () => {
    const input = stream('/Span<</ActualText <feff006600ad006600ad006c> >> BDC', '1 0 Td <00c4> Tj', '0 0 Td <0080> Tj', '9 0 Td <00c4> Tj', 'EMC')
    expect(removeSoftHyphens(input, literata).content).toBe(stream(
      '/Span<</ActualText <feff> >> BDC', '1 0 Td <00c4> Tj',
      'EMC', '/Span<</ActualText <feff00660066006c> >> BDC', '0 0 Td <0080> Tj',
      'EMC', '/Span<</ActualText <feff> >> BDC', '9 0 Td <00c4> Tj', 'EMC'
    ))
  })

  it('only fixes the text where the glyphs cannot be told apart: unknown font, invisible glyph between letters, other properties', () => {
    const cluster = ['/Span<</ActualText <feff006600ad0066> >> BDC', '10 0 Td <007f> Tj', '9 0 Td <00c4> Tj', 'EMC']
    expect(removeSoftHyphens(stream(...cluster)).content).toBe(stream(cluster[0]!.replace('006600ad0066', '00660066'), ...cluster.slice(1)))
    const between = ['/Span<</ActualText <feff006600ad0066> >> BDC', '1 0 Td <0066> Tj', '2 0 Td <00c4> Tj', '3 0 Td <0066> Tj', 'EMC']
    expect(removeSoftHyphens(stream(...between), literata).content).toBe(stream(between[0]!.replace('006600ad0066', '00660066'), ...between.slice(1)))
    const tagged = ['/P <</MCID 3 /ActualText <feff006600ad0066>>> BDC', '10 0 Td <007f> Tj', '9 0 Td <00c4> Tj', 'EMC']
    expect(removeSoftHyphens(stream(...tagged), literata).content).toBe(stream(tagged[0]!.replace('006600ad0066', '00660066'), ...tagged.slice(1)))
  })

  it('follows the font through q/Q and reads TJ arrays and literal strings', () => {
    const input = ['q', 'BT', '/F9 10 Tf', 'q', '/F4 10 Tf', 'Q',
      '/Span<</ActualText <feff006600ad0069> >> BDC', '[<0081>] TJ', '[(\\304)] TJ', 'EMC', 'ET', 'Q'].join('\n')
    // After Q the font is F9 again, whose space is the byte 0xC4 (octal 304).
    const f9 = (name: string): FontCodes | undefined => (name === 'F9' ? {bytes: 1, spaces: new Set([0xc4])} : undefined)
    expect(removeSoftHyphens(input, f9).content).toContain('[<0081>] TJ\nEMC\n/Span<</ActualText <feff> >> BDC\n[(\\304)] TJ\nEMC')
    expect(removeSoftHyphens(input, literata).content).not.toContain('<feff> >>') // F4 is not the font any more
  })

  it('leaves spans without a soft hyphen and the text of strings alone', () => {
    const input = stream('/Span<</ActualText <feff00660069> >> BDC', '1 0 Td <0081> Tj', 'EMC', '(/ActualText <feff00ad>) Tj', '% /ActualText <feff00ad>')
    expect(removeSoftHyphens(input, literata)).toEqual({content: input, count: 0})
  })
})

describe('emptySoftHyphenText', () => {
  it('rewrites only the content streams whose spans say a soft hyphen, deflated again', async () => {
    const doc = await PDFDocument.create()
    const page = doc.addPage()
    const hyphenated = stream('/Span<</ActualText <feff00ad> >> BDC', '6.48 0 Td <00c4> Tj', 'EMC')
    const plain = stream('5.2 0 Td <0052> Tj')
    const refs = [hyphenated, plain].map((text) => doc.context.register(doc.context.flateStream(Buffer.from(text, 'latin1'))))
    page.node.set(PDFName.of('Contents'), doc.context.obj(refs))
    const untouched = doc.context.lookup(refs[1]!)
    expect(emptySoftHyphenText(doc)).toBe(1)
    const [fixed, kept] = page.node.lookup(PDFName.of('Contents'), PDFArray).asArray().map((ref) => doc.context.lookup(ref))
    expect(fixed).toBeInstanceOf(PDFRawStream)
    expect((fixed as PDFRawStream).dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'))
    expect(zlib.inflateSync((fixed as PDFRawStream).contents).toString('latin1')).toBe(hyphenated.replace('<feff00ad>', '<feff>'))
    expect(kept).toBe(untouched)
  })
})

describe('withoutSoftHyphens', () => {
  it('reads UTF-16BE in whole code units', () => {
    expect(withoutSoftHyphens('FEFF 0066 00AD 0069')).toBe('feff00660069')
    expect(withoutSoftHyphens('feff0100ad00')).toBeUndefined() // U+0100 U+AD00: no soft hyphen in it
    expect(withoutSoftHyphens('feffd83dde0000ad0066')).toBe('feffd83dde000066') // 😀 stays a surrogate pair
    expect(withoutSoftHyphens('feff00add83d')).toBe('feffd83d') // even a lone surrogate is kept as it was
  })

  it('reads UTF-8 with its byte order mark, and leaves PDFDocEncoding alone', () => {
    expect(withoutSoftHyphens('efbbbf66c2ad66')).toBe('efbbbf6666')
    expect(withoutSoftHyphens('66ad66')).toBeUndefined()
  })
})

describe('codesFor', () => {
  it('finds the codes a ToUnicode CMap maps to a space, in bfchar and both forms of bfrange', () => {
    const cmap = [
      'begincmap', '1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange',
      '2 beginbfchar', '<00C4> <0020>', '<007F> <00660066>', 'endbfchar',
      '2 beginbfrange', '<0010> <0020> <001A>', '<0030> <0032> [<0041> <0020> <0043>]', 'endbfrange', 'endcmap'
    ].join('\n')
    expect([...codesFor(cmap, 0x20)].sort((a, b) => a - b)).toEqual([0x16, 0x31, 0xc4])
  })
})
