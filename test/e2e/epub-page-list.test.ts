// The EPUB's page-list follows the print PDF of the same build: a marker where each printed page
// begins, every page in the nav's page-list and toc.ncx's pageList, the words after each marker
// the first words of that page in the PDF. Two layouts: Chromium's own pages (a long document with
// a table of contents, a table and a list split over pages) and the notes' page boxes.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheck, pdfinfo, readZip, tempDir} from '../helpers/tools.ts'

// Three copies of test/documents/sections.md (so 24 sections and a table of contents), then a
// long table, a long list and a long quotation.
function longDocument(): string {
  const source = fs.readFileSync('test/documents/sections.md', 'utf8')
  const [, matter, body] = source.split(/^---$/m)
  const copies = [1, 2, 3].map((n) => body!.replace(/^## (.*)$/gm, `## $1 (${n})`))
  const rows = Array.from({length: 70}, (_, i) => `| ${1800 + i} | harbour ${i} | ${i * 137} | row ${i} note |`)
  const items = Array.from({length: 25}, (_, i) => `${i + 1}. Item ${i + 1} of the ordered list, with enough words to wrap over a line in the measure of the page.`)
  return [
    `---${matter}---`,
    ...copies,
    '## A long table\n\n| Year | Place | Count | Remark |\n|---:|:---|---:|:---|',
    rows.join('\n'),
    '\n## Lists\n',
    items.join('\n'),
    `\n> A quotation that runs on for a while. ${'It keeps going with words about type and pages. '.repeat(30)}`
  ].join('\n')
}

let dir: string
let out: string
let pdfOnly: string
let epubOnly: string
let result: BuildResult
const slugs = ['article', 'long']

beforeAll(async () => {
  dir = tempDir()
  out = tempDir()
  pdfOnly = tempDir()
  epubOnly = tempDir()
  fs.copyFileSync('test/documents/footnotes/article.md', path.join(dir, 'article.md'))
  fs.copyFileSync('test/documents/footnotes/map.png', path.join(dir, 'map.png'))
  fs.writeFileSync(path.join(dir, 'long.md'), longDocument())
  // The EPUB asked for first: the PDF is still made first, the page-list needs it.
  result = await build({inputs: [dir], out, formats: ['epub', 'pdf']})
  await build({inputs: [dir], out: pdfOnly, formats: ['pdf']})
  await build({inputs: [dir], out: epubOnly, formats: ['epub']})
}, 600_000)

afterAll(() => {
  for (const folder of [dir, out, pdfOnly, epubOnly]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

async function epubFiles(file: string) {
  const zip = await readZip(file)
  const read = (name: string) => zip.file(`OEBPS/${name}`)!.async('string')
  return {xhtml: await read('article.xhtml'), nav: await read('toc.xhtml'), ncx: await read('toc.ncx'), opf: await read('content.opf')}
}

const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(pdfinfo(pdf))![1])
const letters = (text: string) => text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
const marker = /<span epub:type="pagebreak" role="doc-pagebreak" id="page-(\d+)" aria-label="(\d+)"><\/span>/g

describe.each(slugs)('the page-list of %s', (slug) => {
  it('builds without a message, the EPUB passes EPUBCheck with no fatals, errors or warnings', () => {
    expect(result.failed).toEqual([])
    expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
    const report = epubcheck(path.join(out, `${slug}.epub`))
    expect(report.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.ID} ${m.message}`)).toEqual([])
  }, 120_000)

  it('lists every page of the PDF, in order, in the nav, toc.ncx and the text', async () => {
    const pages = pageCount(path.join(out, `${slug}.pdf`))
    expect(pages).toBeGreaterThan(slug === 'long' ? 8 : 5)
    const numbers = Array.from({length: pages}, (_, i) => String(i + 1))
    const {xhtml, nav, ncx, opf} = await epubFiles(path.join(out, `${slug}.epub`))
    const pageList = /<nav epub:type="page-list" role="doc-pagelist" id="page-list" hidden="hidden">([\s\S]*?)<\/nav>/.exec(nav)
    expect(pageList).not.toBeNull()
    expect([...pageList![1]!.matchAll(/<li><a href="article\.xhtml#page-(\d+)">(\d+)<\/a><\/li>/g)].map((m) => [m[1], m[2]])).toEqual(numbers.map((n) => [n, n]))
    expect([...ncx.matchAll(/<pageTarget id="page-(\d+)" type="normal" value="(\d+)"[^>]*>\s*<navLabel><text>(\d+)<\/text><\/navLabel>\s*<content src="article\.xhtml#page-(\d+)"\/>/g)].map((m) => m[2])).toEqual(numbers)
    expect(ncx).toContain(`<meta name="dtb:totalPageCount" content="${pages}"/>`)
    expect([...xhtml.matchAll(marker)].map((m) => [m[1], m[2]])).toEqual(numbers.map((n) => [n, n]))
    expect(opf).toMatch(new RegExp(`<dc:source id="page-source">${slug}\\.pdf</dc:source>\\s*<meta refines="#page-source" property="source-of">pagination</meta>`))
  })

  it('puts each marker where its page begins: the words after it open that page of the PDF', async () => {
    const pdf = path.join(out, `${slug}.pdf`)
    const {xhtml} = await epubFiles(path.join(out, `${slug}.epub`))
    const pages = pageCount(pdf)
    const misplaced: string[] = []
    for (let page = 1; page <= pages; page++) {
      const at = xhtml.indexOf(`id="page-${page}"`)
      const after = xhtml.slice(xhtml.indexOf('</span>', at) + 7)
      // A page on which no text begins shares the next page's place: the next marker follows at once.
      if (after.startsWith(`<span epub:type="pagebreak"`)) continue
      // About five words, as letters and digits (tags, spaces, punctuation and line-end hyphens aside).
      const words = letters(after.replace(/<[^>]+>/g, '')).slice(0, 28)
      const printed = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), pdf, '-'], {encoding: 'utf8'}).stdout
      // The page opens with its running head and folio (and a table's repeated header): the first ~60 words.
      const opening = letters(printed.split(/\s+/).slice(0, 60).join(' '))
      if (!opening.includes(words)) misplaced.push(`page ${page}: EPUB "${words}" not in PDF "${opening.slice(0, 120)}"`)
    }
    expect(misplaced).toEqual([])
  })

  it('leaves the PDF as a build without an EPUB makes it', () => {
    expect(fs.readFileSync(path.join(out, `${slug}.pdf`)).equals(fs.readFileSync(path.join(pdfOnly, `${slug}.pdf`)))).toBe(true)
  })

  it('has no page-list without a PDF in the same build', async () => {
    const {xhtml, nav, ncx, opf} = await epubFiles(path.join(epubOnly, `${slug}.epub`))
    expect(nav).not.toContain('page-list')
    expect(ncx).not.toContain('pageList')
    expect(ncx).toContain('<meta name="dtb:totalPageCount" content="0"/>')
    expect(xhtml).not.toContain('pagebreak')
    expect(opf).not.toContain('pagination')
  })
})

describe('formats', () => {
  it('keeps the order asked for in the manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {documents: Array<{outputs: Record<string, unknown>}>}
    for (const document of manifest.documents) expect(Object.keys(document.outputs)).toEqual(['epub', 'pdf', 'cover', 'thumbnail'])
  })
})
