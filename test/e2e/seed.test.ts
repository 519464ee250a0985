// The seed article built end to end with the real Chromium, read back with poppler, pdf-lib and EPUBCheck.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {PDFDict, PDFDocument, PDFHexString, PDFName, PDFString} from 'pdf-lib'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheck, normalizeText, pdffonts, pdfinfo, pdftotext, pdfxmp, readZip, tempDir, tool} from '../helpers/tools.ts'
import {loadHyphenator, showBreaks} from '../../src/transform/hyphenation/languages.ts'

const seed = path.resolve('content/perjanjian-rusia-korea-utara.md')
const slug = 'perjanjian-rusia-korea-utara'
const title = 'Perjanjian Antara Rusia dan Korea Utara Menandakan Era Baru di 2 Benua'
const brackets = ['[Rusia-Ukraina]', '[9 dan 11 November]']
// What the seed states about its source (front matter `source`), and nothing more.
const colophon = 'Diterjemahkan dari bahasa Inggris. Sumber: NPR. Kontributor naskah asli: Se Eun Gong.'
const colophonPattern = colophon.replaceAll('.', '\\.')
// What the end of the article says: the title block already names the publisher, so it is not repeated.
const colophonShown = 'Diterjemahkan dari bahasa Inggris. Kontributor naskah asli: Se Eun Gong.'
const colophonShownPattern = colophonShown.replaceAll('.', '\\.')

/** The first sentence of every paragraph of the seed's body, as written in the Markdown. */
function firstSentences(): string[] {
  const body = fs.readFileSync(seed, 'utf8').replace(/^---[\s\S]*?\n---\n/, '')
  const segmenter = new Intl.Segmenter('id', {granularity: 'sentence'})
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => segmenter.segment(p)[Symbol.iterator]().next().value!.segment.trim())
}

let out: string
let result: BuildResult
const file = (ext: string) => path.join(out, `${slug}.${ext}`)

beforeAll(async () => {
  out = tempDir()
  result = await build({inputs: [seed], out})
})

describe('the seed article', () => {
  it('builds every output with no messages', () => {
    expect(result.failed).toEqual([])
    expect(result.files.flatMap((f) => f.messages.map(String))).toEqual([])
    for (const ext of ['pdf', 'epub', 'html']) expect(fs.statSync(file(ext)).size).toBeGreaterThan(1000)
  })

  it('has the seven paragraphs of the source, without the web-page boilerplate', () => {
    expect(firstSentences()).toHaveLength(7)
    expect(fs.readFileSync(seed, 'utf8')).not.toContain('Tinggalkan komentar')
  })
})

describe('PDF', () => {
  it('is A4, tagged, titled and attributed', () => {
    const info = pdfinfo(file('pdf'))
    expect(info).toMatch(new RegExp(`^Title: +${title}$`, 'm'))
    expect(info).not.toMatch(/^Author:/m) // the seed names no author; NPR is its publisher (XMP dc:publisher)
    // No description in the front matter: the Subject says where the text comes from.
    expect(info).toMatch(new RegExp(`^Subject: +${colophonPattern}$`, 'm'))
    expect(info).toMatch(/^Tagged: +yes$/m)
    expect(info).toMatch(/^Page size: +59\d\.\d+ x 841\.\d+ pts \(A4\)$/m)
    const pages = Number(/^Pages: +(\d+)$/m.exec(info)?.[1])
    expect(pages).toBeGreaterThanOrEqual(2)
    expect(pages).toBeLessThanOrEqual(4)
  })

  it('embeds every font, all of them the bundled Literata', () => {
    const rows = pdffonts(file('pdf')).trim().split('\n').slice(2)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+Literata-/)
      // columns: name type encoding emb sub uni object ID
      expect(row.split(/\s+/).at(-5)).toBe('yes')
    }
  })

  it('contains the first sentence of every paragraph, the brackets and page numbers', () => {
    const text = normalizeText(pdftotext(file('pdf')))
    for (const sentence of firstSentences()) expect(text).toContain(normalizeText(sentence))
    for (const b of brackets) expect(text).toContain(b)
    expect(text).toContain(title)
    expect(text.match(/Sumber ?: ?NPR/g)).toHaveLength(1) // under the title, not again at the end
  })

  it('sets the body at 60–75 characters a line, a running head from page 2 and a page number on every page', () => {
    const pages = Number(/^Pages: +(\d+)$/m.exec(pdfinfo(file('pdf')))?.[1])
    const lengths: number[] = []
    for (let page = 1; page <= pages; page++) {
      const lines = tool('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file('pdf'), '-'], 'apt-get install poppler-utils')
        .split('\n').map((line) => line.trim()).filter(Boolean)
      if (page === 1) {
        expect(lines[0]).toMatch(/^Perjanjian Antara Rusia/) // the title, no running head above it
        expect(lines.at(-1)).toBe('1') // the number at the foot
      } else {
        expect(lines[0]).toMatch(new RegExp(`^${title} +${page}$`)) // head and number in the top margin
      }
      // Body lines: the running text of the paragraphs (the last line of each is shorter; skip short ones).
      for (const line of tool('pdftotext', ['-raw', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file('pdf'), '-'], 'apt-get install poppler-utils').split('\n')) {
        if (line.length > 45 && !line.startsWith(title) && !line.startsWith('Diterjemahkan')) lengths.push([...line].length)
      }
    }
    lengths.sort((a, b) => a - b)
    const median = lengths[Math.floor(lengths.length / 2)]!
    expect(median).toBeGreaterThanOrEqual(60)
    expect(median).toBeLessThanOrEqual(75)
    // Justified lines vary with their words; nine in ten stay inside the measure.
    expect(lengths.filter((n) => n >= 58 && n <= 77).length / lengths.length).toBeGreaterThan(0.9)
  })

  it('has bookmarks from the headings and the article language', async () => {
    const doc = await PDFDocument.load(fs.readFileSync(file('pdf')))
    const lang = doc.catalog.get(PDFName.of('Lang'))
    expect(lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : lang).toBe('id')
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict)
    const first = outlines.lookup(PDFName.of('First'), PDFDict)
    const label = first.lookup(PDFName.of('Title'))
    expect(label instanceof PDFString || label instanceof PDFHexString ? label.decodeText() : '').toBe(title)
    expect(doc.catalog.lookup(PDFName.of('StructTreeRoot'))).toBeInstanceOf(PDFDict)
  })

  it('ends with the colophon and carries the source in its XMP metadata', () => {
    const text = normalizeText(pdftotext(file('pdf')))
    expect(text).toMatch(new RegExp(`${colophonShownPattern}$`)) // last
    const xmp = pdfxmp(file('pdf'))
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">' + title + '</rdf:li></rdf:Alt></dc:title>')
    expect(xmp).not.toContain('<dc:creator>')
    expect(xmp).toContain('<dc:publisher><rdf:Bag><rdf:li>NPR</rdf:li></rdf:Bag></dc:publisher>')
    expect(xmp).toContain(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${colophon}</rdf:li></rdf:Alt></dc:description>`)
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>id</rdf:li></rdf:Bag></dc:language>')
    expect(xmp).toContain('<dc:source>NPR</dc:source>')
    expect(xmp).toContain('<dc:contributor><rdf:Bag><rdf:li>Se Eun Gong</rdf:li></rdf:Bag></dc:contributor>')
    expect(xmp).not.toContain('<dc:rights>') // the seed states no licence
  })
})

describe('PDF typography', () => {
  const body = () => fs.readFileSync(seed, 'utf8').replace(/^---[\s\S]*?\n---\n/, '')

  it('has no soft hyphens in its text layer, and every word of the article is searchable whole', () => {
    const text = pdftotext(file('pdf'))
    expect(text).not.toContain('\u00AD')
    const words = new Set(body().match(/\p{L}{2,}/gu))
    const found = new Set(text.match(/\p{L}{2,}/gu))
    // pdftotext joins a line that ends in a hyphen to the next, the hard hyphen of a compound too
    // (`undang-` + `undang` → `undangundang`): such a word is there, inside its compound.
    const missing = [...words].filter((w) => !found.has(w) && !text.includes(w))
    expect(missing).toEqual([])
  })

  it('ends no more than two lines in a row with a hyphen', () => {
    const layout = tool('pdftotext', ['-layout', '-enc', 'UTF-8', file('pdf'), '-'], 'apt-get install poppler-utils').split('\n')
    let run = 0
    let longest = 0
    for (const line of layout) {
      run = /\p{L}-\s*$/u.test(line) ? run + 1 : 0
      longest = Math.max(longest, run)
    }
    expect(longest).toBeGreaterThan(0)
    expect(longest).toBeLessThanOrEqual(2)
  })

  it('ends no page with a word broken by a hyphen', () => {
    const pages = Number(/^Pages: +(\d+)$/m.exec(pdfinfo(file('pdf')))?.[1])
    for (let page = 1; page < pages; page++) {
      const lines = tool('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file('pdf'), '-'], 'apt-get install poppler-utils')
        .replaceAll('\f', '').split('\n').map((line) => line.trim()).filter((line) => line && !/^\d+$/.test(line))
      expect(lines.at(-1), `page ${page}`).not.toMatch(/\p{L}-$/u)
    }
  })

  it('breaks words at line ends only where the Indonesian rules allow', () => {
    const layout = tool('pdftotext', ['-layout', '-enc', 'UTF-8', file('pdf'), '-'], 'apt-get install poppler-utils').split('\n')
    const hyphenator = loadHyphenator('id')!
    const breaks: string[] = []
    layout.forEach((line, i) => {
      const end = /(\p{L}+)[-\u2010]\s*$/u.exec(line)
      const start = /^\s*(\p{L}+)/u.exec(layout[i + 1] ?? '')
      if (end && start) breaks.push(`${end[1]}-${start[1]}`)
    })
    expect(breaks.length).toBeGreaterThan(5) // justified text that never hyphenated would gape
    const source = body()
    for (const broken of breaks) {
      const [head, tail] = broken.split('-') as [string, string]
      // A compound's own hyphen (`undang-undang`) is a break anyone may take.
      if (new RegExp(`\\b${head}-${tail}\\b`, 'u').test(source)) continue
      expect(hyphenator(head + tail), `${broken} vs ${showBreaks(head + tail, hyphenator)}`).toContain(head.length)
    }
  })
})

/** Visible text of an (X)HTML document: no markup, no style sheets, numeric references decoded. */
function proseOf(markup: string): string {
  return markup
    .replace(/<(style|head)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
}

describe('typography in every format', () => {
  it('has no straight quotes in the prose of the PDF, the EPUB and the HTML', async () => {
    const zip = await readZip(file('epub'))
    const texts = {
      pdf: pdftotext(file('pdf')),
      epub: proseOf(await zip.file('OEBPS/article.xhtml')!.async('string')),
      html: proseOf(fs.readFileSync(file('html'), 'utf8'))
    }
    for (const [format, text] of Object.entries(texts)) {
      expect(text, format).not.toMatch(/["']|&quot;|&#x27;|&#39;/)
      expect(normalizeText(text), format).toContain('“sebenarnya adalah Rusia')
    }
  })

  it('puts no-break spaces between a number and what it counts, and sets acronyms apart', () => {
    const html = fs.readFileSync(file('html'), 'utf8')
    expect(html).toContain('10.000\u00A0pasukan')
    expect(html).toContain('<abbr class="acronym" title="Institute for National Security Strategy">INSS</abbr>')
    expect(html).toContain('Menandakan Era Baru di 2\u00A0Benua</h1>')
  })
})

describe('EPUB', () => {
  it('passes W3C EPUBCheck with no errors and no warnings', () => {
    const report = epubcheck(file('epub'))
    expect(report.messages.map((m) => `${m.severity} ${m.ID} ${m.message}`)).toEqual([])
    expect(report.checker).toMatchObject({nFatal: 0, nError: 0, nWarning: 0})
  })

  it('declares the article language, title, contributor and source', async () => {
    const zip = await readZip(file('epub'))
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    expect(opf).toMatch(/<package [^>]*xml:lang="id"/)
    expect(opf).toContain('<dc:language>id</dc:language>')
    expect(opf).toContain(`<dc:title id="title">${title}</dc:title>`)
    expect(opf).toMatch(/<dc:contributor id="contributor-0">Se Eun Gong<\/dc:contributor>\s*<meta refines="#contributor-0" property="role" scheme="marc:relators">ctb<\/meta>/)
    expect(opf).toContain('<dc:source>NPR</dc:source>')
    expect(opf.match(/<dc:contributor /g)).toHaveLength(1)
    expect(opf).not.toMatch(/<dc:rights>|<dc:date>|marc:relators">trl</)
    expect(opf).not.toMatch(/xml:lang="en"/)
  })

  it('ends the chapter with the colophon', async () => {
    const zip = await readZip(file('epub'))
    const chapter = await zip.file('OEBPS/article.xhtml')!.async('string')
    expect(chapter).toMatch(new RegExp(`<section class="colophon" role="doc-colophon">\\s*<p>${colophonShownPattern}</p>\\s*</section>\\s*</article>`))
  })

  it('has a navigation document, the text, the brackets and the embedded fonts', async () => {
    const zip = await readZip(file('epub'))
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string')
    expect(nav).toContain('epub:type="toc"')
    expect(nav).toContain(title)
    const chapter = await zip.file('OEBPS/article.xhtml')!.async('string')
    expect(chapter).toMatch(/<html [^>]*xml:lang="id"/)
    const text = normalizeText(proseOf(chapter))
    for (const sentence of firstSentences()) expect(text).toContain(normalizeText(sentence))
    for (const b of brackets) expect(text).toContain(b)
    const fonts = Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/fonts/') && name.endsWith('.ttf'))
    expect(fonts).toContain('OEBPS/fonts/literata-latin-400-normal.ttf')
    const css = await zip.file('OEBPS/style.css')!.async('string')
    for (const font of fonts) expect(css).toContain(`url("${font.replace('OEBPS/', '')}")`)
    // Reader settings win: no absolute font sizes or colours in the stylesheet.
    expect(css).not.toMatch(/font-size:\s*[\d.]+(px|pt)/)
    expect(css).not.toMatch(/(^|[^-])color:/m)
  })

  it('is byte-for-byte reproducible for the same source date', async () => {
    const a = tempDir()
    const b = tempDir()
    process.env.SOURCE_DATE_EPOCH = '1731369600'
    try {
      await build({inputs: [seed], out: a, formats: ['epub']})
      await build({inputs: [seed], out: b, formats: ['epub']})
    } finally {
      delete process.env.SOURCE_DATE_EPOCH
    }
    expect(fs.readFileSync(path.join(a, `${slug}.epub`)).equals(fs.readFileSync(path.join(b, `${slug}.epub`)))).toBe(true)
  })
})

describe('HTML', () => {
  it('is a standalone page in the article language that needs nothing outside itself', () => {
    const html = fs.readFileSync(file('html'), 'utf8')
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="id" dir="ltr">/)
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toContain(`<title>${title}</title>`)
    expect(html).toContain('src: url("data:font/woff2;base64,')
    expect(html).not.toMatch(/(src|href)="(https?:|file:|\/)/)
    expect(html).not.toMatch(/url\("?(https?:|file:)/)
    const text = normalizeText(proseOf(html))
    for (const sentence of firstSentences()) expect(text).toContain(normalizeText(sentence))
    for (const b of brackets) expect(text).toContain(b)
    expect(html).toMatch(new RegExp(`<section class="colophon" role="doc-colophon">\\s*<p>${colophonShownPattern}</p>\\s*</section>\\s*</article>`))
  })
})

describe('index and manifest', () => {
  it('lists every output with its size and checksum', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    expect(manifest.documents).toHaveLength(1)
    const [doc] = manifest.documents
    expect(doc).toMatchObject({slug, title, lang: 'id', source: path.relative(process.cwd(), seed)})
    expect(doc.attribution).toEqual({publisher: 'NPR', language: 'en', contributors: [{name: 'Se Eun Gong', role: 'ctb'}]})
    for (const format of ['pdf', 'epub', 'html']) {
      const output = doc.outputs[format]
      const bytes = fs.readFileSync(path.join(out, output.path))
      expect(output).toEqual({path: `${slug}.${format}`, bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex')})
    }
  })

  it('links every output from index.html', () => {
    const index = fs.readFileSync(path.join(out, 'index.html'), 'utf8')
    for (const format of ['pdf', 'epub', 'html']) expect(index).toContain(`href="${slug}.${format}"`)
    expect(index).toContain(title)
  })
})
