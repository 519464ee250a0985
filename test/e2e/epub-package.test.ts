// The kitchen-sink document (test/documents/kitchen-sink.md) as an EPUB: W3C EPUBCheck finds
// nothing, its lists, tables and task states reach the XHTML, an independent reader (pandoc) reads
// the source's words, the package names the book for good and says who made it, and two builds
// from two copies of the folder (other paths, other mtimes) give the same bytes.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {readZip, tempDir} from '../helpers/tools.ts'

const documents = path.resolve('test/documents')
const folders: string[] = []

/** A fresh copy of the kitchen sink (its Markdown and images) in a new folder; `edit` changes the Markdown. */
function copyKitchenSink(edit: (text: string) => string = (text) => text): string {
  const dir = tempDir()
  folders.push(dir)
  fs.cpSync(path.join(documents, 'kitchen-sink'), path.join(dir, 'kitchen-sink'), {recursive: true})
  fs.writeFileSync(path.join(dir, 'kitchen-sink.md'), edit(fs.readFileSync(path.join(documents, 'kitchen-sink.md'), 'utf8')))
  return dir
}

async function buildEpub(input: string): Promise<{result: BuildResult; epub: string}> {
  const out = tempDir()
  folders.push(out)
  const result = await build({inputs: [input], out, formats: ['epub'], cache: false})
  return {result, epub: path.join(out, 'kitchen-sink.epub')}
}

async function entry(epub: string, name: string): Promise<string> {
  return (await readZip(epub)).file(name)!.async('string')
}

let built: {result: BuildResult; epub: string}
let isbn: {result: BuildResult; epub: string}
let opf: string
let xhtml: string

beforeAll(async () => {
  delete process.env.SOURCE_DATE_EPOCH
  built = await buildEpub(copyKitchenSink())
  opf = await entry(built.epub, 'OEBPS/content.opf')
  xhtml = await entry(built.epub, 'OEBPS/article.xhtml')
  isbn = await buildEpub(copyKitchenSink((text) => text.replace('lang: id\n', 'lang: id\nidentifier: 978-3-16-148410-0\n')))
}, 120_000)

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, {recursive: true, force: true})
})

describe('the kitchen-sink EPUB', () => {
  it('builds without a message', () => {
    expect(built.result.failed).toEqual([])
    expect(built.result.files.flatMap((file) => file.messages.map(String))).toEqual([])
  })

  it('passes EPUBCheck with no fatals, errors or warnings, with a derived identifier and with an ISBN', () => {
    const reports = epubcheckBatch([built.epub, isbn.epub])
    for (const epub of [built.epub, isbn.epub]) {
      const report = reports.get(epub)!
      expect(report.messages.map((m) => `${m.severity} ${m.ID} ${m.message} ${JSON.stringify(m.locations[0] ?? '')}`)).toEqual([])
      expect(report.checker).toMatchObject({nFatal: 0, nError: 0, nWarning: 0})
    }
  }, 120_000)

  it('keeps the list numbering, the column alignment, the task states and the languages', () => {
    expect(xhtml).toContain('<ol start="5">')
    const row = (cell: string) => [...xhtml.matchAll(new RegExp(`<${cell} class="align-(\\w+)">`, 'g'))].map((m) => m[1])
    expect(row('th')).toEqual(['left', 'center', 'right'])
    expect(row('td')).toEqual(['left', 'center', 'right', 'left', 'center', 'right', 'left', 'center', 'right'])
    const tasks = [...xhtml.matchAll(/<input type="checkbox"([^>]*)\/>/g)].map((m) => m[1]!.includes('checked="checked"'))
    expect(tasks).toEqual([true, false, true])
    for (const lang of ['en', 'de', 'fr', 'el', 'ru', 'ja', 'zh-Hans', 'ko', 'hi']) expect(xhtml).toContain(`<span lang="${lang}">`)
    for (const lang of ['ar', 'he']) expect(xhtml).toContain(`<span lang="${lang}" dir="rtl">`)
    expect(xhtml).toMatch(/<img src="images\/img-[0-9a-f]{20}\.png" alt="Pelabuhan kecil di pagi hari"\/>/)
    expect(xhtml).toMatch(/<figure[^>]*><img src="images\/img-[0-9a-f]{20}\.png" alt="Grafik penjualan beras per bulan"\/><figcaption>/)
  })

  it('reads, in pandoc, as the source: every block\'s words in the source\'s order', (context) => {
    const pandoc = spawnSync('pandoc', ['-f', 'epub', '-t', 'plain', '--wrap=none', built.epub], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
    if ((pandoc.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      return context.skip('pandoc is not installed, so no independent reader opened the EPUB: apt-get install pandoc (.ci/run does)')
    }
    expect(pandoc.status, pandoc.stderr).toBe(0)
    const read = words(pandoc.stdout)
    let at = 0
    for (const block of sourceBlocks(fs.readFileSync(path.join(documents, 'kitchen-sink.md'), 'utf8'))) {
      for (const word of words(block)) {
        const found = read.indexOf(word, at)
        expect(found, `“${word}” of “${block.slice(0, 60)}” after word ${at} of pandoc's text`).toBeGreaterThanOrEqual(0)
        at = found + 1
      }
    }
  }, 60_000)

  it('names the book by its source address and dates it by the front matter', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.org/articles/kitchen-sink')
    expect(opf).toContain('<dc:identifier id="BookId">urn:uuid:81f50f24-b024-506f-b41f-edb21437b1be</dc:identifier>')
    expect(opf).toContain('unique-identifier="BookId"')
    expect(opf).toContain('<meta property="dcterms:modified">2026-11-30T00:00:00Z</meta>')
  })

  it('says who made it, with MARC roles, and its publisher, source, subjects, rights, description and series', () => {
    const people = [...opf.matchAll(/<dc:(creator|contributor) id="([\w-]+)">([^<]*)<\/dc:\1>\s*<meta refines="#\2" property="role" scheme="marc:relators">(\w+)<\/meta>/g)].map((m) => `${m[3]} ${m[4]}`)
    expect(people).toEqual(['Sari Wulandari aut', 'Budi Santoso aut', 'Dewi Lestari ctb', 'Rina Hartono trl', 'Anna Editor edt', 'Paul Photo pht'])
    expect(opf).toContain('<dc:publisher>Folio Press</dc:publisher>')
    expect(opf).toMatch(/<dc:source id="source">https:\/\/example.org\/articles\/kitchen-sink<\/dc:source>\s*<meta refines="#source" property="dcterms:title">The Kitchen Sink<\/meta>/)
    expect([...opf.matchAll(/<dc:subject>([^<]*)<\/dc:subject>/g)].map((m) => m[1])).toEqual(['uji', 'EPUB', 'tipografi'])
    expect(opf).toContain('<dc:rights>CC BY 4.0</dc:rights>')
    expect(opf).toContain('<dc:description>Satu artikel uji yang memuat tabel, daftar, gambar, catatan kaki, kode, kutipan dan banyak bahasa.</dc:description>')
    expect(opf).toMatch(/<meta property="belongs-to-collection" id="(\w+)">Seri Uji Folio<\/meta>\s*<meta refines="#\1" property="collection-type">series<\/meta>\s*<meta refines="#\1" property="group-position">3<\/meta>/)
  })

  it('is packed with `mimetype` first and stored, every entry at the modified time', async () => {
    const bytes = fs.readFileSync(built.epub)
    expect(bytes.toString('latin1', 30, 38)).toBe('mimetype')
    expect(bytes.readUInt16LE(8)).toBe(0) // compression method: stored
    const zip = await readZip(built.epub)
    expect(new Set(Object.values(zip.files).map((file) => file.date.toISOString()))).toEqual(new Set(['2026-11-30T00:00:00.000Z']))
  })
})

describe('the kitchen-sink EPUB, built again', () => {
  it('is byte-identical from another copy of the folder, with other paths and mtimes', async () => {
    const copy = copyKitchenSink()
    const past = new Date('2001-02-03T04:05:06Z')
    for (const file of ['kitchen-sink.md', 'kitchen-sink/harbour.png', 'kitchen-sink/chart.png']) fs.utimesSync(path.join(copy, file), past, past)
    const again = await buildEpub(copy)
    expect(fs.readFileSync(again.epub).equals(fs.readFileSync(built.epub))).toBe(true)
  }, 120_000)

  it('is byte-identical without a date either, and dated by neither mtime nor clock', async () => {
    const undated = (text: string) => text.replace('date: 2026-11-30\n', '')
    const [a, b] = [copyKitchenSink(undated), copyKitchenSink(undated)]
    fs.utimesSync(path.join(b, 'kitchen-sink.md'), new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'))
    const [first, second] = [await buildEpub(a), await buildEpub(b)]
    expect(fs.readFileSync(second.epub).equals(fs.readFileSync(first.epub))).toBe(true)
    expect(await entry(first.epub, 'OEBPS/content.opf')).toMatch(/<meta property="dcterms:modified">1980-/)
  }, 120_000)

  it('keeps its identifier when a typo in the title is fixed, and the images their names when one is added', async () => {
    const dir = copyKitchenSink((text) => text.replace('title: Dapur Lengkap', 'title: Dapur Lengkap Sekali').replace('## Gambar\n', '## Gambar\n\n![Peta kota](kitchen-sink/map.png)\n'))
    fs.copyFileSync(path.join(documents, 'footnotes/map.png'), path.join(dir, 'kitchen-sink/map.png'))
    const grown = await buildEpub(dir)
    const grownOpf = await entry(grown.epub, 'OEBPS/content.opf')
    const identifier = (text: string) => /<dc:identifier id="BookId">([^<]*)</.exec(text)![1]
    expect(identifier(grownOpf)).toBe(identifier(opf))
    expect(grownOpf).toContain('<dc:title id="title">Dapur Lengkap Sekali</dc:title>')
    // The article's images (the drawn cover has a name of its own).
    const images = (text: string) => [...text.matchAll(/href="images\/([^"]+)"/g)].map((m) => m[1]).filter((name) => name !== 'cover.png')
    expect(images(grownOpf)).toHaveLength(3)
    expect(images(grownOpf)).toEqual(expect.arrayContaining(images(opf)))
  }, 120_000)

  it('carries a front matter ISBN as urn:isbn with its ONIX type', async () => {
    expect(isbn.result.files.flatMap((file) => file.messages.map(String))).toEqual([])
    const isbnOpf = await entry(isbn.epub, 'OEBPS/content.opf')
    expect(isbnOpf).toMatch(/<dc:identifier id="BookId">urn:isbn:9783161484100<\/dc:identifier>\s*<meta refines="#BookId" property="identifier-type" scheme="onix:codelist5">15<\/meta>/)
  })
})

/** Lower-case words (letters, marks, digits), so punctuation, typography and line breaks do not count. */
function words(text: string): string[] {
  return [...text.normalize('NFC').toLowerCase().matchAll(/[\p{L}\p{M}\p{N}]+/gu)].map((m) => m[0])
}

/**
 * The body's blocks as a reader shows their text: front matter, markup, link and image targets,
 * task boxes and note labels taken out. An inline image shows as its alt text; a figure as its
 * caption (the title), so its alt text is left out.
 */
function sourceBlocks(markdown: string): string[] {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '')
  return body.split(/\n{2,}/).map((block) => block
    .replace(/^!\[[^\]]*\]\([^)\s]*\s+"([^"]*)"\)$/gm, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\[\^[^\]]+\]:?/g, '')
    .replace(/\[[ x]\]/g, '')
    .replace(/^```\w*$/gm, '')
    .replace(/^\|?[\s|:-]+\|?$/gm, ''))
}
