// The PDF as an archive copy: its Markdown and bibliography inside it as associated files, and
// Chromium's tags, completed where PDF/UA-1 asks, kept through every post-processing step.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'
import {PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber} from 'pdf-lib'
import {build} from '../../src/index.ts'
import {untaggedMarks} from '../../src/emit/pdf-marked-content.ts'
import {pdfinfo, pdfxmp, tempDir, tool} from '../helpers/tools.ts'

const poppler = 'apt-get install poppler-utils'
const bin = path.resolve('bin/folio.js')
// A 2×2 red PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDK+mmyAAAAABJRU5ErkJggg==', 'base64')
// With a byte-order mark, which the parser drops: the attachment must keep it.
const source = Buffer.from('\uFEFF---\ntitle: Arsip\nlang: id\nbibliography: refs/sumber.bib\n---\n\n# Bagian satu\n\nSeperti kata Knuth [@knuth1984], dan [tautan](https://example.org/).[^1]\n\n![Kotak merah](merah.png)\n\n## Bagian dua\n\nSelesai.\n\n[^1]: Catatan kaki.\n')
const bibliography = '@book{knuth1984,\n  author = {Knuth, Donald E.},\n  title = {The {TeXbook}},\n  publisher = {Addison-Wesley},\n  year = {1984}\n}\n'

let input: string
beforeAll(() => {
  input = tempDir()
  fs.mkdirSync(path.join(input, 'refs'))
  fs.writeFileSync(path.join(input, 'arsip.md'), source)
  fs.writeFileSync(path.join(input, 'refs', 'sumber.bib'), bibliography)
  fs.writeFileSync(path.join(input, 'merah.png'), png)
})

afterEach(() => {
  delete process.env.SOURCE_DATE_EPOCH
})

async function buildPdf(options: {attachSource?: boolean} = {}): Promise<string> {
  const out = tempDir()
  const result = await build({inputs: [path.join(input, 'arsip.md')], out, formats: ['pdf'], cache: false, ...options})
  expect(result.failed).toEqual([])
  return path.join(out, 'arsip.pdf')
}

const name = (dict: PDFDict | undefined, key: string) => dict?.get(PDFName.of(key))?.toString()

describe('the Markdown source and bibliography in the PDF', () => {
  it('embeds both, byte for byte, as associated files with /AFRelationship /Source, dated SOURCE_DATE_EPOCH', async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000'
    const pdf = await buildPdf()
    tool('qpdf', ['--check', pdf], 'apt-get install qpdf')
    expect(tool('pdfdetach', ['-list', pdf], poppler)).toMatch(/2 embedded files\n1: arsip\.md\n2: sumber\.bib/)
    const saved = tempDir()
    const result = spawnSync('pdfdetach', ['-saveall', '-o', saved, pdf], {encoding: 'utf8'})
    expect(result.status, result.stderr).toBe(0)
    expect(fs.readFileSync(path.join(saved, 'arsip.md')).equals(source)).toBe(true)
    expect(fs.readFileSync(path.join(saved, 'sumber.bib'), 'utf8')).toBe(bibliography)

    const doc = await PDFDocument.load(fs.readFileSync(pdf))
    const associated = doc.catalog.lookup(PDFName.of('AF'), PDFArray)
    expect(associated.size()).toBe(2)
    for (let i = 0; i < associated.size(); i++) {
      const spec = associated.lookup(i, PDFDict)
      expect(name(spec, 'AFRelationship')).toBe('/Source')
      const file = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'))
      const params = (file as unknown as {dict: PDFDict}).dict.lookup(PDFName.of('Params'), PDFDict)
      expect(params.get(PDFName.of('ModDate'))?.toString()).toBe("(D:20231114221320Z)")
    }
    expect(name((associated.lookup(0, PDFDict).lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F')) as unknown as {dict: PDFDict}).dict, 'Subtype')).toBe('/text#2Fmarkdown')
  })

  it('leaves them out with --no-attach-source', () => {
    const out = tempDir()
    const run = spawnSync(process.execPath, [bin, 'build', path.join(input, 'arsip.md'), '--out', out, '--format', 'pdf', '--no-cache', '--no-attach-source'], {encoding: 'utf8', timeout: 170_000})
    expect(run.status, run.stderr).toBe(0)
    const pdf = path.join(out, 'arsip.pdf')
    expect(tool('pdfdetach', ['-list', pdf], poppler)).toMatch(/^0 embedded files/)
    expect(fs.readFileSync(pdf).includes('/AFRelationship')).toBe(false)
  })
})

describe('tags and PDF/UA after post-processing', () => {
  it('keeps the structure tree, the tags and the nested outline', async () => {
    const pdf = await buildPdf()
    expect(pdfinfo(pdf)).toMatch(/Tagged:\s+yes/)
    const doc = await PDFDocument.load(fs.readFileSync(pdf))
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict)
    expect(root.get(PDFName.of('K'))).toBeDefined()
    expect(root.lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray).size()).toBeGreaterThan(0)
    const titles: string[] = []
    const walk = (node: PDFDict, depth: number) => {
      for (let item = node.lookupMaybe(PDFName.of('First'), PDFDict); item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
        titles.push(`${'  '.repeat(depth)}${(item.lookup(PDFName.of('Title')) as PDFHexString).decodeText()}`)
        walk(item, depth + 1)
      }
    }
    walk(doc.catalog.lookup(PDFName.of('Outlines'), PDFDict), 0)
    expect(titles.slice(0, 3)).toEqual(['Arsip', 'Bagian satu', '  Bagian dua'])
  })

  it('tags every link as /Link with /Contents, orders annotations by structure and says pdfuaid:part 1', async () => {
    const pdf = await buildPdf()
    const doc = await PDFDocument.load(fs.readFileSync(pdf))
    const nums = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict).lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray)
    const parent = (key: number) => {
      for (let i = 0; i < nums.size(); i += 2) if (nums.lookup(i, PDFNumber).asNumber() === key) return nums.lookup(i + 1, PDFDict)
      return undefined
    }
    const contents: string[] = []
    for (const page of doc.getPages()) {
      const annotations = page.node.Annots()
      if (!annotations) continue
      expect(name(page.node, 'Tabs')).toBe('/S')
      for (let i = 0; i < annotations.size(); i++) {
        const annotation = annotations.lookup(i, PDFDict)
        if (name(annotation, 'Subtype') !== '/Link') continue
        expect(name(parent(annotation.lookup(PDFName.of('StructParent'), PDFNumber).asNumber()), 'S')).toBe('/Link')
        contents.push(String(annotation.get(PDFName.of('Contents'))))
      }
    }
    // The link out, the note reference and the note's way back.
    expect(contents.length).toBeGreaterThanOrEqual(3)
    expect(contents.every((text) => text !== 'undefined')).toBe(true)
    expect(pdfxmp(pdf)).toContain('<pdfuaid:part>1</pdfuaid:part>')
  })

  it('draws nothing outside a tag or an artifact: the page numbers and an `alt=""` image become artifacts', async () => {
    const folder = tempDir()
    fs.writeFileSync(path.join(folder, 'merah.png'), png)
    fs.writeFileSync(path.join(folder, 'hiasan.md'), '---\ntitle: Hiasan\nlang: id\n---\n\nTeks.\n\n![](merah.png)\n')
    const out = tempDir()
    await build({inputs: [folder], out, formats: ['pdf'], cache: false})
    const pdf = path.join(out, 'hiasan.pdf')
    const doc = await PDFDocument.load(fs.readFileSync(pdf))
    expect(untaggedMarks(doc)).toEqual([0])
    const plain = path.join(out, 'plain.pdf')
    tool('qpdf', ['--qdf', '--object-streams=disable', pdf, plain], 'apt-get install qpdf')
    const content = fs.readFileSync(plain, 'latin1')
    expect(content.match(/\/Artifact BMC/g)?.length).toBeGreaterThanOrEqual(2) // the folio, the image
    // poppler reads every content stream without a complaint, and the page number is still drawn.
    const text = spawnSync('pdftotext', [pdf, '-'], {encoding: 'utf8'})
    expect(text.stderr).toBe('')
    expect(text.stdout).toContain('Teks.')
    expect(text.stdout).toMatch(/^1$/m) // the folio
    expect(pdfxmp(pdf)).toContain('<pdfuaid:part>1</pdfuaid:part>')
  })

  it('does not say PDF/UA when an image has no alternate text, or when a heading skips a level', async () => {
    const folder = tempDir()
    fs.writeFileSync(path.join(folder, 'merah.png'), png)
    // `alt=""` is decoration, an artifact, which is fine; no alt at all gives a /Figure without /Alt.
    fs.writeFileSync(path.join(folder, 'tanpa.md'), '---\ntitle: Tanpa alt\nlang: id\n---\n\nTeks.\n\n![](merah.png)\n\nDan <img src="merah.png"> ini.\n')
    // The title is the H1; `###` under it is an H3 with no H2 between.
    fs.writeFileSync(path.join(folder, 'lompat.md'), '---\ntitle: Lompat\nlang: id\n---\n\nTeks.\n\n### Terlalu dalam\n\nLagi.\n')
    const out = tempDir()
    await build({inputs: [folder], out, formats: ['pdf'], cache: false})
    for (const name of ['tanpa.pdf', 'lompat.pdf']) {
      const pdf = path.join(out, name)
      expect(pdfinfo(pdf)).toMatch(/Tagged:\s+yes/)
      expect(pdfxmp(pdf), name).not.toContain('<pdfuaid:part')
    }
  })
})
