// Collections end to end: collections/<name>.yaml in an input folder makes <name>.epub and
// <name>.pdf from an Indonesian and an English article (a footnote, a citation), read back with
// EPUBCheck 4 and 5, qpdf, pdftotext and pdfinfo; the manifest (schema), verify, the download
// page and the OPDS catalog list the volume; a changed article or collection file rebuilds it.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Ajv2020 from 'ajv2020/dist/2020.js'
import {beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {merge} from '../../src/merge.ts'
import {catalogProblems, parseCatalog} from '../helpers/opds.ts'
import {epubcheck, epubcheck5Jar, normalizeText, pdfinfo, pdftotext, readZip, tempDir, tool} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')
const schema = JSON.parse(fs.readFileSync('src/emit/manifest.schema.json', 'utf8')) as object
const bibliography = fs.readFileSync('test/fixtures/citations/_bibliography/typography.bib', 'utf8')
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'))

const articles: Record<string, string> = {
  'pemenggalan.md': `---
title: Pemenggalan Kata
lang: id
author: [Sari Dewi]
date: 2024-03-01
bibliography: refs.bib
source:
  publisher: Majalah Tipografi
  url: https://example.org/pemenggalan
  translator: Budi Santoso
---

Knuth menjelaskan pemenggal baris [@knuth1981, hlm. 1120].[^fn]

## Sejarah

Polanya berasal dari disertasi Liang.

## Penerapan

Kalimat terakhir artikel Indonesia, dengan [tautan ke bagian artikel lain](line-breaking.md#boxes-glue-and-penalties) dan [ke artikel itu](line-breaking.html).

[^fn]: Catatan kaki yang mengutip [@knuth1984, hlm. 100].
`,
  'line-breaking.md': `---
title: Breaking Paragraphs into Lines
lang: en
author: [Ann Writer]
date: 2024-05-02
---

The line breaker considers the paragraph as a whole.[^n]

## Boxes, glue and penalties

Glue stretches and shrinks.

### Penalties

The last sentence of the English article.

[^n]: An English footnote with the same id as the Indonesian one.
`,
  'elsewhere.md': '---\ntitle: Not in the volume\nlang: en\n---\n\nText.\n'
}

const collection = `title: A Typography Reader
subtitle: Two essays on breaking lines
lang: en
date: 2024-06
articles:
  - line-breaking
  - pemenggalan.md
`

function project(files: Record<string, string>): string {
  const dir = tempDir()
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

const messagesOf = (result: BuildResult) => result.collectionFiles.flatMap((file) => file.messages.map((m) => `${path.basename(file.path)}:${m.line}:${m.column} ${m.ruleId}`))

describe('a collection of two articles in two languages', () => {
  let input: string
  let out: string
  let result: BuildResult

  beforeAll(async () => {
    input = project({...articles, 'refs.bib': bibliography, 'collections/typography-reader.yaml': collection})
    out = tempDir()
    result = await build({inputs: [input], out}, {})
    expect(result.failed.map((f) => f.messages.join('\n'))).toEqual([])
  }, 240_000)

  it('builds the volume beside the articles, and takes nothing in collections/ for an article', () => {
    expect(result.documents.map((d) => d.slug).sort()).toEqual(['elsewhere', 'line-breaking', 'pemenggalan'])
    expect(result.collections.map((c) => c.name)).toEqual(['typography-reader'])
    for (const name of ['typography-reader.epub', 'typography-reader.pdf']) expect(fs.existsSync(path.join(out, name)), name).toBe(true)
    expect(messagesOf(result)).toEqual([])
  })

  it('makes an EPUB that passes EPUBCheck 4.2 and 5 with no error or warning', () => {
    for (const jar of [undefined, epubcheck5Jar()]) {
      const report = epubcheck(path.join(out, 'typography-reader.epub'), jar)
      expect(report.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE').map((m) => `${m.ID} ${m.message} ${m.locations[0]?.path}`), report.checker.checkerVersion).toEqual([])
      expect(report.checker.nError + report.checker.nFatal + report.checker.nWarning).toBe(0)
    }
  }, 300_000)

  it('gives each article a chapter document in its own language, with its notes, and a nav nesting volume, articles and headings', async () => {
    const zip = await readZip(path.join(out, 'typography-reader.epub'))
    const chapter = (name: string) => zip.file(`OEBPS/${name}`)!.async('string')
    const [first, second, nav, opf] = await Promise.all([chapter('chapter-1.xhtml'), chapter('chapter-2.xhtml'), chapter('toc.xhtml'), chapter('content.opf')])
    expect(first).toMatch(/<html [^>]*xml:lang="en"/)
    expect(second).toMatch(/<html [^>]*xml:lang="id"/)
    expect(first).toContain('An English footnote')
    expect(first).not.toContain('Catatan kaki yang mengutip')
    expect(second).toContain('Catatan kaki yang mengutip')
    expect(second).toContain('Oleh Sari Dewi') // the title block, in the article's language
    expect(second).toContain('Majalah Tipografi') // its attribution
    expect(second).toMatch(/class="csl-entry" id="ref-knuth1981"/) // its references
    // Links to the other article of the volume go to its chapter.
    expect(second).toContain('<a href="chapter-1.xhtml#boxes-glue-and-penalties">tautan ke bagian artikel lain</a>')
    expect(second).toContain('<a href="chapter-1.xhtml">ke artikel itu</a>')
    // volume → article → section → subsection
    const list = nav.slice(nav.indexOf('<nav epub:type="toc"'), nav.indexOf('</nav>'))
    const depth = (text: string) => list.slice(0, list.indexOf(text)).split('<ol>').length - list.slice(0, list.indexOf(text)).split('</ol>').length
    expect(depth('>A Typography Reader<')).toBe(1)
    expect(depth('>Breaking Paragraphs into Lines<')).toBe(2)
    expect(depth('>Boxes, glue and penalties<')).toBe(3)
    expect(depth('>Penalties<')).toBe(4)
    expect(depth('>Sejarah<')).toBe(3)
    expect(list).toMatch(/<li lang="id" xml:lang="id"><a href="chapter-2.xhtml">Pemenggalan Kata<\/a>/)
    expect(opf).toContain('<dc:title id="subtitle">Two essays on breaking lines</dc:title>')
    expect(opf).toMatch(/<dc:language>en<\/dc:language>\s*<dc:language>id<\/dc:language>/)
    expect(opf).toContain('<meta property="dcterms:modified">2024-06-01T00:00:00Z</meta>')
    expect(opf).toContain('<dc:source id="source-0">https://example.org/pemenggalan</dc:source>')
    expect(opf).toMatch(/<dc:contributor id="contributor-0">Budi Santoso<\/dc:contributor>\s*<meta refines="#contributor-0" property="role" scheme="marc:relators">trl<\/meta>/)
    expect(opf).toMatch(/<dc:creator id="creator-0">Ann Writer<\/dc:creator>[\s\S]*<dc:creator id="creator-1">Sari Dewi<\/dc:creator>/)
  })

  it('makes one PDF with a title page, contents, every article\'s text, pages numbered straight through and a bookmark per article and heading', () => {
    const file = path.join(out, 'typography-reader.pdf')
    const info = pdfinfo(file)
    expect(info).toMatch(/^Tagged: +yes$/m)
    expect(info).toMatch(/^Title: +A Typography Reader: Two essays on breaking lines$/m)
    // title page, contents, one page per (short) article
    expect(Number(/^Pages: +(\d+)$/m.exec(info)![1])).toBe(4)
    const text = normalizeText(pdftotext(file))
    for (const sentence of ['The last sentence of the English article.', 'Kalimat terakhir artikel Indonesia,', 'Catatan kaki yang mengutip', 'An English footnote with the same id']) expect(text).toContain(sentence)
    expect(text).not.toContain('Not in the volume')
    // Each article on its own page, in order; the page numbers in the contents are those pages.
    const page = (n: number) => normalizeText(tool('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], 'apt-get install poppler-utils'))
    expect(page(1)).toContain('A Typography Reader')
    expect(page(2)).toContain('Contents Breaking Paragraphs into Lines 3 Boxes, glue and penalties 3 Notes 3 Pemenggalan Kata 4 Sejarah 4 Penerapan 4 Daftar Pustaka 4 Catatan kaki 4')
    expect(page(3)).toContain('By Ann Writer')
    expect(page(4)).toContain('Oleh Sari Dewi')
    const outline = JSON.parse(tool('qpdf', ['--json', '--json-key=outlines', file], 'apt-get install qpdf')) as {outlines: Outline[]}
    const titles = (list: Outline[]): unknown[] => list.map((o) => (o.kids.length ? [o.title, o.destpageposfrom1, titles(o.kids)] : [o.title, o.destpageposfrom1]))
    expect(titles(outline.outlines)).toEqual([
      ['A Typography Reader', 1],
      ['Breaking Paragraphs into Lines', 3, [['Boxes, glue and penalties', 3, [['Penalties', 3]]], ['Notes', 3]]],
      ['Pemenggalan Kata', 4, [['Sejarah', 4], ['Penerapan', 4], ['Daftar Pustaka', 4], ['Catatan kaki', 4]]]
    ])
    // The Indonesian article is tagged in its language.
    const qdf = path.join(tempDir(), 'q.pdf')
    tool('qpdf', ['--qdf', '--object-streams=disable', file, qdf], 'apt-get install qpdf')
    const objects = fs.readFileSync(qdf, 'latin1')
    expect(objects).toContain('/Lang (id)')
    // Its links to the English article go to that article's page, not out of the PDF.
    expect(objects).toMatch(/\/Dest \/chapter-1-boxes-glue-and-penalties\s/)
    expect(objects).toMatch(/\/Dest \/chapter-1\s/)
    expect(objects).not.toMatch(/\/URI \([^)]*line-breaking/)
    // Notes with the same id in both articles stay apart.
    expect(objects).toMatch(/\/Dest \/chapter-1-note-1\s/)
    expect(objects).toMatch(/\/Dest \/chapter-2-note-1\s/)
  })

  it('lists the volume in manifest.json (valid against its schema), and verify checks its files', () => {
    const manifest = readJson(path.join(out, 'manifest.json'))
    const validate = new Ajv2020.default({allErrors: true, strict: true}).compile(schema)
    expect(validate(manifest) ? [] : validate.errors).toEqual([])
    expect(manifest.collections).toHaveLength(1)
    const [volume] = manifest.collections
    expect(volume).toMatchObject({name: 'typography-reader', title: 'A Typography Reader', subtitle: 'Two essays on breaking lines', lang: 'en', date: '2024-06', articles: ['line-breaking', 'pemenggalan'], pages: 4})
    expect(volume.identifier).toMatch(/^urn:uuid:/)
    expect(Object.keys(volume.outputs).sort()).toEqual(['epub', 'pdf'])
    expect(volume.outputs.pdf.bytes).toBe(fs.statSync(path.join(out, 'typography-reader.pdf')).size)
    // The schema refuses a volume without articles.
    const broken = structuredClone(manifest)
    broken.collections[0].articles = []
    expect(validate(broken)).toBe(false)

    // `folio archive` bags the volume's files and its collection file among the sources.
    const bag = path.join(tempDir(), 'out.bag')
    const archived = spawnSync(process.execPath, [bin, 'archive', out, '--out', bag], {encoding: 'utf8'})
    expect(archived.status, archived.stderr).toBe(0)
    const payload = fs.readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8')
    expect(payload).toMatch(/ data\/typography-reader\.pdf$/m)
    expect(payload).toMatch(/ data\/sources\/.*collections\/typography-reader\.yaml$/m)

    const copy = tempDir()
    fs.cpSync(out, copy, {recursive: true})
    fs.appendFileSync(path.join(copy, 'typography-reader.epub'), 'x')
    const run = spawnSync(process.execPath, [bin, 'verify', copy, '--json'], {encoding: 'utf8'})
    expect(run.status).toBe(1)
    expect(JSON.parse(run.stdout).problems.map((p: {path: string; problem: string}) => `${p.problem} ${p.path}`)).toEqual(['changed typography-reader.epub'])
  })

  it('lists the volume on the download page, with its articles and its downloads and sizes', () => {
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8')
    const section = html.slice(html.indexOf('<section class="collections"'), html.indexOf('</section>'))
    expect(section).toContain('<h3 lang="en" dir="ltr">A Typography Reader</h3>')
    expect(section).toMatch(/<li lang="en" dir="ltr"><a href="line-breaking.html" hreflang="en">Breaking Paragraphs into Lines<\/a><\/li>\s*<li lang="id" dir="ltr"><a href="pemenggalan.html" hreflang="id">Pemenggalan Kata<\/a><\/li>/)
    for (const format of ['pdf', 'epub']) {
      const kb = Math.round(fs.statSync(path.join(out, `typography-reader.${format}`)).size / 1024)
      expect(section).toContain(`<a href="typography-reader.${format}" hreflang="en" download>${format.toUpperCase()} <span class="size">(${kb} KB)</span></a>`)
    }
  })

  it('lists the volume in opds.xml with its acquisition links, and the feed stays valid', async () => {
    const file = path.join(out, 'opds.xml')
    expect(catalogProblems(file)).toEqual([])
    const feed = await parseCatalog(fs.readFileSync(file, 'utf8'))
    const entry = feed.entries.find((e) => e.title === 'A Typography Reader: Two essays on breaking lines')!
    expect(entry).toBeDefined()
    expect(entry.links.map((l) => `${l.href} ${l.type}`).sort()).toEqual(['typography-reader.epub application/epub+zip', 'typography-reader.pdf application/pdf'])
    expect(entry.identifiers).toEqual([readJson(path.join(out, 'manifest.json')).collections[0].identifier])
    expect(entry.authors.map((a) => a.name)).toEqual(['Ann Writer', 'Sari Dewi'])
  })

  it('is taken from the cache when nothing changed, and made again when an article or the collection file changes', async () => {
    const pdf = path.join(out, 'typography-reader.pdf')
    const stamp = () => fs.statSync(pdf).mtimeMs
    const before = stamp()
    const again = await build({inputs: [input], out}, {})
    expect(again.unchanged.sort()).toEqual(['elsewhere', 'line-breaking', 'pemenggalan'])
    expect(again.collections.map((c) => c.name)).toEqual(['typography-reader'])
    expect(stamp()).toBe(before)

    fs.appendFileSync(path.join(input, 'line-breaking.md'), '\nA sentence added later.\n')
    await build({inputs: [input], out}, {})
    expect(normalizeText(pdftotext(pdf))).toContain('A sentence added later.')

    fs.writeFileSync(path.join(input, 'collections/typography-reader.yaml'), collection.replace('subtitle: Two essays on breaking lines', 'subtitle: Revised'))
    const third = await build({inputs: [input], out}, {})
    expect(third.unchanged.sort()).toEqual(['elsewhere', 'line-breaking', 'pemenggalan'])
    expect(pdfinfo(pdf)).toMatch(/^Title: +A Typography Reader: Revised$/m)
    expect(readJson(path.join(out, 'manifest.json')).collections[0].subtitle).toBe('Revised')
  }, 240_000)
})

interface Outline {
  title: string
  destpageposfrom1: number
  kids: Outline[]
}

describe('a collection that cannot be built', () => {
  it('is skipped with a message at the entry that names no article or a failed one, while the articles build', async () => {
    const input = project({
      'good.md': '---\ntitle: Good\n---\n\nText.\n',
      'broken.md': '---\ntitle: [unclosed\n---\n\nText.\n',
      'collections/unknown.yaml': 'title: Unknown\narticles:\n  - good\n  - missing-slug\n',
      'collections/failed.yaml': 'title: Failed\narticles:\n  - good\n  - broken.md\n',
      'collections/good.yaml': 'title: Named as an article\narticles: [good]\n'
    })
    const out = tempDir()
    const result = await build({inputs: [input], out, formats: ['epub']}, {})
    expect(result.documents.map((d) => d.slug)).toEqual(['good'])
    expect(messagesOf(result).sort()).toEqual(['failed.yaml:4:5 collection-article-failed', 'good.yaml:1:1 collection-name-taken', 'unknown.yaml:4:5 collection-unknown-article'])
    expect(result.collections).toEqual([])
    expect(result.failed.map((f) => path.basename(f.path)).sort()).toEqual(['broken.md', 'failed.yaml', 'good.yaml', 'unknown.yaml'])
    expect(fs.readdirSync(out).filter((name) => name.endsWith('.epub'))).toEqual(['good.epub'])
    expect(readJson(path.join(out, 'manifest.json'))).not.toHaveProperty('collections')
  }, 120_000)

  it('reports the problems through the CLI and exits 1', () => {
    const input = project({'a.md': '---\ntitle: A\n---\n\nText.\n', 'collections/bad.yaml': 'title: Bad\narticles: [a, b]\n'})
    const run = spawnSync(process.execPath, [bin, 'build', input, '--out', path.join(input, 'out'), '--format', 'epub'], {encoding: 'utf8', env: {...process.env, FOLIO_DEV: '1'}})
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/collections\/bad\.yaml:2:15.*Unexpected article `b` in `articles`.*collection-unknown-article/)
    expect(run.stderr).toContain('built 1 of 1 article and 0 of 1 collection')
  }, 60_000)
})

describe('collections and sharded builds', () => {
  it('builds none in a shard, and `folio merge` keeps those the folder has', async () => {
    const input = project({'a.md': '---\ntitle: A\n---\n\nText.\n', 'b.md': '---\ntitle: B\n---\n\nText.\n', 'collections/both.yaml': 'title: Both\narticles: [a, b]\n'})
    const out = tempDir()
    const full = await build({inputs: [input], out, formats: ['epub']}, {})
    expect(full.collections.map((c) => c.name)).toEqual(['both'])
    const shard = tempDir()
    const part = await build({inputs: [input], out: shard, formats: ['epub'], shard: '1/2'}, {})
    expect(part.collections).toEqual([])
    expect(fs.existsSync(path.join(shard, 'both.epub'))).toBe(false)
    await merge(out, [shard])
    expect(readJson(path.join(out, 'manifest.json')).collections.map((c: {name: string}) => c.name)).toEqual(['both'])
    expect(fs.readFileSync(path.join(out, 'opds.xml'), 'utf8')).toContain('href="both.epub"')
    // Its file gone, a build no longer lists it.
    fs.rmSync(path.join(input, 'collections/both.yaml'))
    await build({inputs: [input], out, formats: ['epub']}, {})
    expect(readJson(path.join(out, 'manifest.json'))).not.toHaveProperty('collections')
  }, 120_000)
})

describe('a build of some formats', () => {
  it('keeps the volume\'s other outputs (and the PDF\'s page count) while their files are unchanged, as for articles', async () => {
    const input = project({'a.md': '---\ntitle: A\n---\n\nText.\n', 'b.md': '---\ntitle: B\n---\n\nText.\n', 'collections/both.yaml': 'title: Both\narticles: [a, b]\n'})
    const out = tempDir()
    await build({inputs: [input], out, formats: ['pdf', 'epub']}, {})
    const volume = () => readJson(path.join(out, 'manifest.json')).collections[0]
    const first = volume()
    expect(first.pages).toBe(4)
    await build({inputs: [input], out, formats: ['epub', 'html']}, {})
    expect(volume()).toMatchObject({pages: 4, outputs: {pdf: first.outputs.pdf, epub: first.outputs.epub}})
    fs.rmSync(path.join(out, 'both.pdf'))
    await build({inputs: [input], out, formats: ['epub']}, {})
    expect(volume()).not.toHaveProperty('pages')
    expect(Object.keys(volume().outputs)).toEqual(['epub'])
  }, 180_000)
})
