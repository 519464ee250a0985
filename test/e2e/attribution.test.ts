// A translated article with every `source` field, built to all three formats: the colophon in each,
// and the attribution in the PDF's XMP, the EPUB package (through EPUBCheck) and the manifest.
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheck, normalizeText, pdfinfo, pdftotext, pdfxmp, readZip, tempDir} from '../helpers/tools.ts'

const article = `---
title: Ein Vertrag zwischen zwei Kontinenten
lang: de
source:
  publisher: NPR
  title: North Korea & Russia
  url: https://www.npr.org/2024/11/12/treaty?ref=a&b=c
  date: 2024-11-12
  language: en
  translator: [Anna Schmidt, Ben Weber]
  contributors:
    - Se Eun Gong
    - {name: Dee Roe, role: editor}
  license: CC BY 4.0
---

Diese Woche unterzeichneten Nordkorea und Russland einen Vertrag.
`
const colophon =
  'Aus dem Englischen übersetzt von Anna Schmidt und Ben Weber. Quelle: NPR, „North Korea & Russia“, 12. November 2024, ' +
  'https://www.npr.org/2024/11/12/treaty?ref=a&b=c. Redaktion des Originals: Dee Roe. Mitarbeit am Original: Se Eun Gong. Lizenz: CC BY 4.0.'
const url = 'https://www.npr.org/2024/11/12/treaty?ref=a&amp;b=c'

let out: string
let result: BuildResult
const file = (ext: string) => path.join(out, `vertrag.${ext}`)

beforeAll(async () => {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'vertrag.md'), article)
  out = path.join(dir, 'out')
  result = await build({inputs: [dir], out})
})

describe('source attribution', () => {
  it('builds without messages', () => {
    expect(result.failed).toEqual([])
    expect(result.files.flatMap((f) => f.messages.map(String))).toEqual([])
  })

  it('ends the PDF with the colophon and puts the source into Subject and XMP', () => {
    expect(normalizeText(pdftotext(file('pdf')))).toContain(colophon)
    expect(pdfinfo(file('pdf'))).toContain(`Subject:         ${colophon}`)
    const xmp = pdfxmp(file('pdf'))
    expect(xmp).toContain(`<dc:source>${url}</dc:source>`)
    expect(xmp).toContain('<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">CC BY 4.0</rdf:li></rdf:Alt></dc:rights>')
    expect(xmp).toContain('<dc:contributor><rdf:Bag><rdf:li>Anna Schmidt</rdf:li><rdf:li>Ben Weber</rdf:li><rdf:li>Se Eun Gong</rdf:li><rdf:li>Dee Roe</rdf:li></rdf:Bag></dc:contributor>')
  })

  it('links the address in the HTML colophon', () => {
    const html = fs.readFileSync(file('html'), 'utf8')
    expect(html).toContain(`„<cite>North Korea &amp; Russia</cite>“, 12. November 2024, <a href="${url}">${url}</a>.`)
  })

  it('credits translators and contributors by role in the EPUB package, and stays EPUBCheck-clean', async () => {
    const zip = await readZip(file('epub'))
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    const credit = (i: number, name: string, role: string) =>
      `<dc:contributor id="contributor-${i}">${name}</dc:contributor>\n    <meta refines="#contributor-${i}" property="role" scheme="marc:relators">${role}</meta>`
    expect(opf).toContain([credit(0, 'Anna Schmidt', 'trl'), credit(1, 'Ben Weber', 'trl'), credit(2, 'Se Eun Gong', 'ctb'), credit(3, 'Dee Roe', 'edt')].join('\n    '))
    // The address is the source; the original's title refines it.
    expect(opf).toContain(`<dc:source id="source">${url}</dc:source>\n    <meta refines="#source" property="dcterms:title">North Korea &amp; Russia</meta>`)
    expect(opf).toContain('<dc:rights>CC BY 4.0</dc:rights>')
    const chapter = await zip.file('OEBPS/article.xhtml')!.async('string')
    expect(chapter).toContain('<section class="colophon" role="doc-colophon">')
    expect(chapter).toContain(`<a href="${url}">`)
    const report = epubcheck(file('epub'))
    expect(report.messages.map((m) => `${m.severity} ${m.ID} ${m.message}`)).toEqual([])
    expect(report.checker).toMatchObject({nFatal: 0, nError: 0, nWarning: 0})
  })

  it('lists the given fields in the manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    expect(manifest.documents[0].attribution).toEqual({
      publisher: 'NPR',
      title: 'North Korea & Russia',
      url: 'https://www.npr.org/2024/11/12/treaty?ref=a&b=c',
      date: '2024-11-12',
      language: 'en',
      translators: ['Anna Schmidt', 'Ben Weber'],
      contributors: [{name: 'Se Eun Gong', role: 'ctb'}, {name: 'Dee Roe', role: 'edt'}],
      licence: 'CC BY 4.0'
    })
  })
})

describe('the title of the original', () => {
  it('is set by the typography of the original\'s language, inside the article\'s quotes', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'a.md'), `---\ntitle: Test\nlang: de\nsource:\n  publisher: NPR\n  title: Don't "panic" -- now\n  language: en\n---\n\nText.\n`)
    await build({inputs: [dir], out: path.join(dir, 'out'), formats: ['html']})
    expect(fs.readFileSync(path.join(dir, 'out/a.html'), 'utf8')).toContain('Aus dem Englischen übersetzt. Quelle: NPR, „<cite>Don’t “panic”\u00A0– now</cite>“.') // a no-break space keeps the dash off a line start
  })
})
