// Real READMEs without front matter, built by the CLI as a user would: the opening heading is the
// title (PDF Title, <title>, EPUB dc:title and navigation, the first bookmark) and is printed once.
// CommonMark example 96 opens with a `---` block that is Markdown, not front matter: it builds.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {PDFDict, PDFDocument, PDFHexString, PDFName, PDFString} from 'pdf-lib'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {pdfinfo, pdftotext, readZip, tempDir} from '../helpers/tools.ts'

// Each under its package's folder, as READMEs are: the file name alone would title both `readme`.
const readmes = [
  {file: 'node_modules/p-limit/readme.md', slug: 'p-limit-readme', title: 'p-limit'},
  {file: 'node_modules/yaml/README.md', slug: 'yaml-readme', title: 'YAML'}
]

let out: string
let run: {status: number | null; stderr: string}

beforeAll(() => {
  const dir = tempDir()
  out = path.join(dir, 'out')
  for (const readme of readmes) {
    const copy = path.join(dir, path.relative('node_modules', readme.file))
    fs.mkdirSync(path.dirname(copy), {recursive: true})
    fs.copyFileSync(path.resolve(readme.file), copy)
  }
  fs.writeFileSync(path.join(dir, 'example-096.md'), '---\nFoo\n---\nBar\n---\nBaz\n')
  run = spawnSync(process.execPath, [path.resolve('bin/folio.js'), 'build', dir, '--out', out], {encoding: 'utf8', timeout: 170_000})
}, 180_000)

/** Every bookmark's title, depth first. */
async function bookmarks(file: string): Promise<string[]> {
  const doc = await PDFDocument.load(fs.readFileSync(file))
  const titles: string[] = []
  const walk = (item: PDFDict | undefined) => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const label = node.lookup(PDFName.of('Title'))
      titles.push(label instanceof PDFString || label instanceof PDFHexString ? label.decodeText() : '')
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict))
    }
  }
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict))
  return titles
}

describe('a README titled by its opening heading', () => {
  it('builds every article', () => {
    expect(run.stderr).toContain('built 3 of 3 articles')
    expect(run.status).toBe(0)
  })

  for (const {slug, title} of readmes) {
    it(`${slug}: the heading is the title of the PDF, the web page and the EPUB`, async () => {
      expect(pdfinfo(path.join(out, `${slug}.pdf`))).toMatch(new RegExp(`^Title: +${title}$`, 'm'))
      expect(fs.readFileSync(path.join(out, `${slug}.html`), 'utf8')).toContain(`<title>${title}</title>`)
      const epub = await readZip(path.join(out, `${slug}.epub`))
      const opf = await epub.file(/content\.opf$/)[0]!.async('string')
      expect(opf).toMatch(new RegExp(`<dc:title[^>]*>${title}</dc:title>`))
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {documents: Array<{slug: string; title: string}>}
      expect(manifest.documents.find((d) => d.slug === slug)?.title).toBe(title)
    })

    it(`${slug}: the heading is printed once, and listed once in the bookmarks and the navigation`, async () => {
      const lines = pdftotext(path.join(out, `${slug}.pdf`)).split('\n').map((line) => line.trim())
      expect(lines.filter((line) => line === title)).toHaveLength(1)
      const html = fs.readFileSync(path.join(out, `${slug}.html`), 'utf8')
      expect(html.match(/<h1[\s>]/g)).toHaveLength(1)
      const marks = await bookmarks(path.join(out, `${slug}.pdf`))
      expect(marks[0]).toBe(title)
      expect(marks.filter((mark) => mark === title)).toHaveLength(1)
      const epub = await readZip(path.join(out, `${slug}.epub`))
      const toc = /<nav epub:type="toc"[\s\S]*?<\/nav>/.exec(await epub.file(/toc\.xhtml$/)[0]!.async('string'))![0]
      expect(toc.match(new RegExp(`>${title}</a>`, 'g'))).toHaveLength(1)
    })
  }

  it('writes EPUBs that pass EPUBCheck', () => {
    const reports = epubcheckBatch(readmes.map(({slug}) => path.join(out, `${slug}.epub`)))
    for (const report of reports.values()) expect(report.checker).toMatchObject({nFatal: 0, nError: 0})
    expect(reports.size).toBe(readmes.length)
  }, 120_000)

  it('reads CommonMark example 96 as Markdown: a thematic break, two headings, a paragraph', async () => {
    expect(pdfinfo(path.join(out, 'example-096.pdf'))).toMatch(/^Title: +example-096$/m)
    const html = fs.readFileSync(path.join(out, 'example-096.html'), 'utf8')
    expect(html).toMatch(/<hr>\s*<h2 id="foo">Foo<\/h2>\s*<h2 id="bar">Bar<\/h2>\s*<p>Baz<\/p>/)
    expect(await bookmarks(path.join(out, 'example-096.pdf'))).toEqual(['example-096', 'Foo', 'Bar'])
  })
})
